import Foundation
import KinhPhi

// The only place in KinhPhi that prints. Whatever a command prints goes through the one escape
// (`TextSafety.terminalSafe`): a control character, a bidirectional control or a line separator that
// reached a message or a report from an older record is shown as \xNN / \u{NNNN}, never sent to the
// terminal as it is.
let result = Runner.run(Array(CommandLine.arguments.dropFirst()))
if !result.stdout.isEmpty { FileHandle.standardOutput.write(Data(TextSafety.terminalSafe(result.stdout).utf8)) }
if !result.stderr.isEmpty { FileHandle.standardError.write(Data(TextSafety.terminalSafe(result.stderr).utf8)) }
exit(result.exitCode.rawValue)
