// Child processes for the fault tests: started with posix_spawn (nothing between the spawn and a signal
// the test sends), optionally under a file-size limit that makes the child's write stop at a chosen byte,
// and waited for with their exit code or the signal that ended them. A monotonic clock and a sleep that
// survives EINTR go with them.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
public struct ExitStatus: Equatable, CustomStringConvertible, Sendable {
    public let exitCode: Int32?
    public let signal: Int32?
    public init(exitCode: Int32?, signal: Int32?) { self.exitCode = exitCode; self.signal = signal }
    public static func exit(_ code: Int32) -> ExitStatus { ExitStatus(exitCode: code, signal: nil) }
    public static func killed(by signal: Int32) -> ExitStatus { ExitStatus(exitCode: nil, signal: signal) }
    public var description: String { signal.map { "killed by signal \($0)" } ?? "exit \(exitCode ?? -1)" }
}

/// A running child process.
public struct ChildProcess: Sendable {
    public let pid: pid_t
    /// The read end of a pipe on the child's stderr (`spawn(…, captureStderr: true)`), else -1.
    let stderrFD: Int32

    /// Waits for the child to end (retrying EINTR).
    public func wait() -> ExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ExitStatus(raw: status)
    }

    /// Waits for the child to end and returns what it wrote to stderr (spawned with `captureStderr`;
    /// the pipe holds 64 KiB, plenty for one error message).
    public func waitWithStderr() -> (ExitStatus, String) {
        let status = wait()
        guard stderrFD >= 0 else { return (status, "") }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(stderrFD, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        close(stderrFD)
        return (status, String(decoding: out, as: UTF8.self))
    }

    /// The child's status if it has ended, nil while it runs (does not block).
    public func poll() -> ExitStatus? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        return r == pid ? ExitStatus(raw: status) : nil
    }

    /// Sends `sig` to the child.
    @discardableResult
    public func send(_ sig: Int32) -> Bool { kill(pid, sig) == 0 }

    /// What a write beyond a file-size limit does to the child.
    public enum OverLimit: Sendable {
        /// SIGXFSZ with its default action: the process dies at once, the bytes before the limit written
        /// and nothing after — a crash at a chosen byte of its write.
        case crash
        /// SIGXFSZ ignored: the write that reaches the limit is cut short and the next one fails with
        /// EFBIG — a write that fails part way, which the program must handle.
        case failWrite
    }

    /// A limit on the size of every file the child writes (RLIMIT_FSIZE, in bytes), and what reaching it
    /// does. Core dumps are turned off for the child (RLIMIT_CORE 0).
    public struct FileSizeLimit: Sendable {
        public let bytes: Int
        public let overLimit: OverLimit
        public init(bytes: Int, _ overLimit: OverLimit) { self.bytes = bytes; self.overLimit = overLimit }
    }

    /// posix_spawn has no attribute for resource limits, and the child inherits the parent's: the limits
    /// are set on this process for the instant of the spawn and put back at once, under this lock (and with
    /// SIGXFSZ ignored here meanwhile, so that this process cannot die of it).
    private static let limitLock = NSLock()

    /// Starts `executable args…` with `env` added to this process's environment; stdin, stdout and stderr
    /// on /dev/null, or stderr on a pipe that `waitWithStderr` reads (a pipe, not a file, because a file
    /// would count against the file-size limit).
    public static func spawn(_ executable: String, _ args: [String], env: [String: String],
                             limit: FileSizeLimit? = nil, captureStderr: Bool = false) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + args).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var errPipe: [Int32] = [-1, -1]
        if captureStderr {
            guard pipe(&errPipe) == 0 else { throw SpawnError(call: "pipe", code: errno) }
            // Close-on-exec here, so that no other child inherits them; dup2 clears it on the child's fd 2.
            for fd in errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        defer { if errPipe[1] >= 0 { close(errPipe[1]) } }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // SIGXFSZ: default in the child unless the limit asks for a failing write (then it stays ignored,
        // as it is in this process during the spawn).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        if limit?.overLimit != .failWrite { sigaddset(&defaults, SIGXFSZ) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let rc: Int32
        if let limit {
            limitLock.lock()
            defer { limitLock.unlock() }
            let oldHandler = signal(SIGXFSZ, SIG_IGN)
            defer { signal(SIGXFSZ, oldHandler) }
            var oldSize = rlimit(), oldCore = rlimit()
            guard getrlimit(resource(RLIMIT_FSIZE), &oldSize) == 0, getrlimit(resource(RLIMIT_CORE), &oldCore) == 0 else {
                throw SpawnError(call: "getrlimit", code: errno)
            }
            var size = rlimit(rlim_cur: rlim_t(limit.bytes), rlim_max: oldSize.rlim_max)
            var core = rlimit(rlim_cur: 0, rlim_max: oldCore.rlim_max)
            guard setrlimit(resource(RLIMIT_FSIZE), &size) == 0, setrlimit(resource(RLIMIT_CORE), &core) == 0 else {
                throw SpawnError(call: "setrlimit", code: errno)
            }
            rc = posix_spawn(&pid, executable, &actions, &attr, &argv, &envp)
            let restored = setrlimit(resource(RLIMIT_FSIZE), &oldSize) == 0 && setrlimit(resource(RLIMIT_CORE), &oldCore) == 0
            precondition(restored, "cannot restore this process's resource limits")
        } else {
            rc = posix_spawn(&pid, executable, &actions, &attr, &argv, &envp)
        }
        guard rc == 0 else {
            if errPipe[0] >= 0 { close(errPipe[0]) }
            throw SpawnError(call: "posix_spawn", code: rc)
        }
        return ChildProcess(pid: pid, stderrFD: errPipe[0])
    }

    #if canImport(Glibc)
    private static func resource(_ r: __rlimit_resource) -> __rlimit_resource_t { __rlimit_resource_t(r.rawValue) }
    #else
    private static func resource(_ r: Int32) -> Int32 { r }
    #endif
}

public struct SpawnError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    public var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}

extension ExitStatus {
    init(raw status: Int32) {
        let sig = status & 0x7f
        if sig == 0 { self.init(exitCode: (status >> 8) & 0xff, signal: nil) }
        else { self.init(exitCode: nil, signal: sig) }
    }
}

/// A file's size in bytes, 0 when it does not exist (one stat call: cheap enough to poll).
public func fileSize(atPath path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}

/// Seconds on the monotonic clock.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Sleeps `seconds` (nothing for 0 or less), resuming after EINTR.
public func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var rest = timespec()
    while nanosleep(&ts, &rest) != 0 && errno == EINTR { ts = rest }
}
