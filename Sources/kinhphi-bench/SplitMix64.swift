// A small, fast, deterministic PRNG (SplitMix64, Steele, Lea & Flood 2014; the constants of Vigna's
// reference implementation). The benchmark's workload is a pure function of the seed: the same
// `--seed`, `--vouchers` and `--lines` always give byte-identical files. Integers only — money never
// touches a Double.

struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (multiply-high; the bias is below 2⁻⁴⁰ for the n used here). 0 when n is 0.
    mutating func below(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in lo...hi.
    mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 {
        lo + Int64(below(Int(hi - lo + 1)))
    }

    /// True with probability perMille / 1000.
    mutating func chance(_ perMille: Int) -> Bool { below(1000) < perMille }
}
