// Waits for a file to grow while a child process runs, waking within microseconds of the write: on Linux
// the folder is watched with inotify (a blocked reader is woken by the kernel when the write returns and
// scheduled at once, where a busy poller competes for the CPU with the very process it watches and loses
// on a loaded machine); elsewhere by polling its size.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class FileGrowthWatch {
    public enum Event: Sendable {
        /// The file became larger than the size given, at this monotonic time.
        case grew(at: Double)
        /// The child ended first (it has been waited for).
        case exited(ExitStatus, at: Double)
        case timedOut
    }

    private let path: String
    private var fd: Int32 = -1

    /// Starts watching `path` (which need not exist yet). Make it before the child starts.
    public init(_ path: String) {
        self.path = path
        #if os(Linux)
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        let folder = (path as NSString).deletingLastPathComponent
        if fd >= 0 && inotify_add_watch(fd, folder, UInt32(IN_MODIFY)) < 0 { close(fd); fd = -1 }
        #endif
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Waits until the file is larger than `size` bytes (0 when it does not exist), `child` ends, or
    /// `timeout` seconds pass. `spin`: look at the size again and again without sleeping instead — it can
    /// see a large write half done (the size grows page by page), but only while this thread has a CPU.
    public func wait(for child: ChildProcess, beyond size: Int, timeout: Double, spin: Bool = false) -> Event {
        let deadline = monotonicSeconds() + timeout
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            if fileSize(atPath: path) > size { return .grew(at: monotonicSeconds()) }
            if let s = child.poll() { return .exited(s, at: monotonicSeconds()) }
            if monotonicSeconds() > deadline { return .timedOut }
            if spin { continue }
            if fd >= 0 {
                // Woken by any write in the folder (then the size is looked at again), or after 5 ms to
                // see whether the child has ended.
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, 5) > 0 { while read(fd, &buf, buf.count) > 0 {} }
            } else {
                sleepSeconds(0.000_05)
            }
        }
    }
}
