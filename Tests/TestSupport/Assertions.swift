// Assertion helpers shared by the test targets. Each forwards `file:` / `line:` so a failure points at the
// test that called it, not at this file.

import XCTest
import KinhPhi

// MARK: - Money and quantities

/// Asserts that `money` is exactly `dong` đồng.
public func assertMoney(_ money: Money?, _ dong: Int64, _ message: @autoclosure () -> String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    guard let money else {
        XCTFail("expected \(dong) đ, got nil. \(message())", file: file, line: line)
        return
    }
    XCTAssertEqual(money.dong, dong, message(), file: file, line: line)
}

/// Asserts that `quantity` is `mantissa / 10^scale` (normalised: 0,5 is mantissa 5, scale 1).
public func assertQuantity(_ quantity: Quantity?, mantissa: Int64, scale: Int, _ message: @autoclosure () -> String = "",
                           file: StaticString = #filePath, line: UInt = #line) {
    guard let quantity else {
        XCTFail("expected \(mantissa)e-\(scale), got nil. \(message())", file: file, line: line)
        return
    }
    XCTAssertEqual(quantity.mantissa, mantissa, "mantissa. \(message())", file: file, line: line)
    XCTAssertEqual(quantity.scale, scale, "scale. \(message())", file: file, line: line)
}

/// A quantity literal for building inputs: `qty(5, scale: 1)` is 0,5.
public func qty(_ mantissa: Int64, scale: Int = 0) -> Quantity {
    do { return try Quantity(mantissa: mantissa, scale: scale) } catch { fatalError("bad test quantity \(mantissa)e-\(scale)") }
}

// MARK: - Errors

/// Asserts that the expression throws `MoneyError.overflow`.
public func assertOverflow<T>(_ expression: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
                              file: StaticString = #filePath, line: UInt = #line) {
    do {
        let value = try expression()
        XCTFail("expected MoneyError.overflow, got \(value). \(message())", file: file, line: line)
    } catch let e as MoneyError {
        guard case .overflow = e else { return XCTFail("unexpected \(e)", file: file, line: line) }
    } catch {
        XCTFail("expected MoneyError.overflow, got \(error). \(message())", file: file, line: line)
    }
}

/// Asserts that the expression throws an `InputError` at the given place. `inFile` is compared exactly
/// when given; `atLine` / `field` are compared exactly (nil means "no line" / "no field"); `problem`
/// is compared when given. Returns the error so a test can look further.
@discardableResult
public func assertThrowsInputError<T>(_ expression: @autoclosure () throws -> T,
                                      inFile expectedFile: String? = nil, atLine expectedLine: Int?, field expectedField: String?,
                                      problem expectedProblem: InputProblem? = nil,
                                      file: StaticString = #filePath, line: UInt = #line) -> InputError? {
    do {
        let value = try expression()
        XCTFail("expected an InputError, got \(value)", file: file, line: line)
        return nil
    } catch let e as InputError {
        if let expectedFile { XCTAssertEqual(e.location.file, expectedFile, "file", file: file, line: line) }
        XCTAssertEqual(e.location.line, expectedLine, "line of \(e.message(.en))", file: file, line: line)
        XCTAssertEqual(e.location.field, expectedField, "field of \(e.message(.en))", file: file, line: line)
        if let expectedProblem { XCTAssertEqual(e.problem, expectedProblem, file: file, line: line) }
        return e
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
        return nil
    }
}

// MARK: - Findings

/// Asserts that exactly one finding of `rule` is about `lineCode` (nil = the whole estimate), with the
/// given severity. Returns it so a test can check the cap, the provisional flag or the message.
@discardableResult
public func assertFinding(_ findings: [Finding], rule: String, severity: Severity, lineCode: String?,
                          file: StaticString = #filePath, line: UInt = #line) -> Finding? {
    let matching = findings.filter { $0.ruleID == rule && $0.lineCode == lineCode }
    guard matching.count == 1, let f = matching.first else {
        XCTFail("expected one \(rule) finding on \(lineCode ?? "the estimate"), got \(matching.count): "
                + findings.map { "\($0.ruleID)@\($0.lineCode ?? "-")" }.joined(separator: ", "), file: file, line: line)
        return nil
    }
    XCTAssertEqual(f.severity, severity, "severity of \(rule)", file: file, line: line)
    return f
}

/// Asserts that no finding of `rule` is present (on any line, or on `lineCode` when given).
public func assertNoFinding(_ findings: [Finding], rule: String, lineCode: String? = nil,
                            file: StaticString = #filePath, line: UInt = #line) {
    let matching = findings.filter { $0.ruleID == rule && (lineCode == nil || $0.lineCode == lineCode) }
    XCTAssertTrue(matching.isEmpty, "unexpected \(rule): " + matching.map { $0.message.en }.joined(separator: " | "),
                  file: file, line: line)
}
