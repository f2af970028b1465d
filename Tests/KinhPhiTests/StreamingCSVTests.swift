import XCTest
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// The import reader (StreamingCSV) on what is not CSV text: a UTF-16 byte-order mark and NUL bytes,
/// wherever the read blocks cut the file. CSVReader's side is in KinhPhiCoreTests/CSVTests.swift; the
/// fuzz target `csv` checks that both readers accept and refuse the same files.
final class StreamingCSVTests: XCTestCase {

    /// Every row StreamingCSV reads from `path`, each cell as `cell(_:)` gives it.
    static func rows(_ path: String, blockSize: Int) throws -> [[String]] {
        let s = try StreamingCSV(path: path, displayName: "x.csv", blockSize: blockSize)
        var rows: [[String]] = []
        while try s.next() { rows.append((0..<s.fieldCount).map { s.cell($0) }) }
        return rows
    }

    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    private func problem(_ bytes: [UInt8], blockSize: Int) -> (line: Int?, problem: InputProblem)? {
        let path = tmp.write("x.csv", bytes: bytes)
        do { _ = try Self.rows(path, blockSize: blockSize); return nil }
        catch let e as InputError { return (e.location.line, e.problem) }
        catch { XCTFail("unexpected \(error)"); return nil }
    }

    func testUTF16ByteOrderMarkIsNamed() {
        // "date" in UTF-16 LE with BOM starts FF FE 64 00; BE with BOM FE FF 00 64.
        for block in [1, 4, 4096] {
            XCTAssertEqual(problem([0xFF, 0xFE, 0x64, 0x00, 0x61, 0x00], blockSize: block)?.problem, .utf16BOM, "block \(block)")
            XCTAssertEqual(problem([0xFE, 0xFF, 0x00, 0x64, 0x00, 0x61], blockSize: block)?.problem, .utf16BOM, "block \(block)")
        }
    }

    func testNULByteIsRefusedWhereverTheBlocksCutTheFile() {
        // "a,b\n" then 16 × "x" then "\n": a NUL at offset k is on line 1 for k < 4, on line 2 after;
        // the offset is the file's, whatever the block size.
        for block in [1, 3, 4, 7, 4096] {
            for k in 0..<20 {
                var bytes = Array("a,b\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 16) + [0x0A]
                bytes[k] = 0
                let got = problem(bytes, blockSize: block)
                XCTAssertEqual(got?.line, k < 4 ? 1 : 2, "block \(block), NUL at \(k)")
                XCTAssertEqual(got?.problem, .nulByte(byteOffset: k), "block \(block), NUL at \(k)")
            }
        }
        // Text without NUL still reads (the check does not refuse good files).
        XCTAssertNil(problem(Array("a,b\nSở,Hà Nội\n".utf8), blockSize: 3))
    }
}
