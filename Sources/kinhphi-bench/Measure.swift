import Foundation

// Peak memory and the machine, read from /proc.

enum ProcStatus {
    /// A "Vm…:  123 kB" value of /proc/self/status, in KiB.
    static func kib(_ key: String) -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.dropFirst(key.count + 1).filter(\.isNumber)
            return Int(digits)
        }
        return nil
    }

    /// Peak resident set size of this process so far (VmHWM), in KiB.
    static var peakKiB: Int { kib("VmHWM") ?? 0 }
    static var currentKiB: Int { kib("VmRSS") ?? 0 }

    /// Resets VmHWM to the current RSS (Linux ≥ 4.0: `echo 5 > /proc/self/clear_refs`). False when refused.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// Drops the page cache (root only): `sync; echo 3 > /proc/sys/vm/drop_caches`. False when refused.
    static func dropCaches() -> Bool {
        sync()
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "3", 1) == 1
    }
}

enum Machine {
    static var cpuModel: String {
        guard let s = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "?" }
        for line in s.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        return "?"
    }
    static var memoryGiB: Double {
        guard let s = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
              let kb = Double(line.filter(\.isNumber)) else { return 0 }
        return kb / 1024 / 1024
    }
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
    static var kernel: String {
        var u = utsname()
        uname(&u)
        return withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }
}

func mib(_ kib: Int) -> String { String(format: "%.1f MiB", Double(kib) / 1024) }
