import KinhPhi

/// Exit codes (docs/cli.md): 0 = done, no error findings; 1 = done, with error findings (or a refusal the
/// user can act on, e.g. settlement with an uncleared advance); 2 = unusable input or usage.
enum ExitCode: Int32, Sendable {
    case ok = 0
    case findings = 1
    case badInput = 2
}

/// What a command hands back; only main.swift writes it out.
struct CommandResult {
    var stdout: String = ""
    var stderr: String = ""
    var exitCode: ExitCode = .ok
}

/// A refusal the user can act on (exit 1): printed like every failure, `kinhphi: <message>`.
struct Refusal: Error {
    let message: Bilingual
    init(_ reason: some Localized) { message = Bilingual(vi: reason.message(.vi), en: reason.message(.en)) }
    init(_ message: Bilingual) { self.message = message }
}

/// One command: what it is for, what it accepts (its `Options`: every argument and option, declared once)
/// and what it does. The usage line and `--help` are generated from these (Help.swift).
protocol Command: Sendable {
    associatedtype Options: CommandOptions
    static var name: String { get }
    /// One line, in the list of `kinhphi --help`.
    static var summary: Bilingual { get }
    /// What the command does, for its `--help` (paragraphs separated by "\n").
    static var about: Bilingual { get }
    /// The exit codes and what each means here.
    static var exits: Bilingual { get }
    static func run(_ args: Arguments<Options>) throws -> CommandResult
}
