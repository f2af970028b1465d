import KinhPhiCore
import KinhPhiSystem

/// What a journal command needs from its surroundings: the time ("now"), how long to wait for the
/// workspace lock, and where the witness is kept (docs/threat-model.md). The CLI builds it from the
/// environment (`KINHPHI_CLOCK`, `KINHPHI_LOCK_TIMEOUT`, `KINHPHI_WITNESS`, `KINHPHI_WITNESS_KEY`, and the
/// default witness in the user's state folder); tests build it directly (no witness unless they give one).
public struct JournalSettings: Sendable {
    public var now: Timestamp
    /// Seconds a writer waits for another writer to finish before failing (default 10, at most 3600).
    public var lockTimeout: Double
    /// The witness every write appends to, outside the workspace; nil: none (library callers, tests).
    public var witness: WitnessSettings?
    /// The witness already read by this command (`kinhphi report`, which verifies many workspaces against
    /// one shared witness): verify looks up a workspace's lines there first, and reads the file itself when
    /// they do not agree with the journal (`WitnessSnapshot`). Writers always read the file.
    public var witnessSnapshot: WitnessSnapshot? = nil

    public static let lockTimeoutVariable = "KINHPHI_LOCK_TIMEOUT"
    public static let defaultLockTimeout = 10.0
    /// An hour: a longer wait is a mistake (or a very large number that would overflow the wait).
    public static let maxLockTimeout = 3600.0

    public init(now: Timestamp, lockTimeout: Double = JournalSettings.defaultLockTimeout, witness: WitnessSettings? = nil) {
        self.now = now; self.lockTimeout = lockTimeout; self.witness = witness
    }

    /// From the process environment: KINHPHI_CLOCK overrides the clock, KINHPHI_LOCK_TIMEOUT the wait,
    /// KINHPHI_WITNESS the witness file (default: the user's state folder, when HOME or XDG_STATE_HOME is
    /// set), KINHPHI_WITNESS_KEY its key file. A clock outside 2000–2099 and a wait outside 0…3600 s are
    /// refused here, before anything is read or written.
    public static func fromEnvironment(_ env: [String: String]) throws(JournalError) -> JournalSettings {
        let now = try Clock.now(environment: env)
        var timeout = defaultLockTimeout
        if let t = env[lockTimeoutVariable], !t.isEmpty {
            guard let v = Double(t), v.isFinite, v >= 0, v <= maxLockTimeout else { throw .badLockTimeout(t) }
            timeout = v
        }
        return JournalSettings(now: now, lockTimeout: timeout, witness: WitnessSettings.fromEnvironment(env))
    }

    /// Today in Hà Nội (UTC+7), e.g. the default `--as-of` of status.
    public var today: CivilDate { now.civilDate() }
}
