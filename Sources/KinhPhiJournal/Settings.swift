import KinhPhiCore

/// What a journal command needs from its surroundings: the time ("now") and how long to wait for the
/// workspace lock. The CLI builds it from the environment (`KINHPHI_CLOCK`, `KINHPHI_LOCK_TIMEOUT`);
/// tests build it directly.
public struct JournalSettings: Sendable {
    public var now: Timestamp
    /// Seconds a writer waits for another writer to finish before failing (default 10).
    public var lockTimeout: Double

    public static let lockTimeoutVariable = "KINHPHI_LOCK_TIMEOUT"
    public static let defaultLockTimeout = 10.0

    public init(now: Timestamp, lockTimeout: Double = JournalSettings.defaultLockTimeout) {
        self.now = now; self.lockTimeout = lockTimeout
    }

    /// From the process environment: KINHPHI_CLOCK overrides the clock, KINHPHI_LOCK_TIMEOUT the wait.
    public static func fromEnvironment(_ env: [String: String]) throws(JournalError) -> JournalSettings {
        let now = try Clock.now(environment: env)
        var timeout = defaultLockTimeout
        if let t = env[lockTimeoutVariable], !t.isEmpty {
            guard let v = Double(t), v >= 0, v.isFinite else { throw .badLockTimeout(t) }
            timeout = v
        }
        return JournalSettings(now: now, lockTimeout: timeout)
    }

    /// Today in Hà Nội (UTC+7), e.g. the default `--as-of` of status.
    public var today: CivilDate { now.civilDate() }
}
