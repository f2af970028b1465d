// An exact hash index from byte strings to Int32 (invoice keys, voucher numbers, line codes → seq or
// position). Keys are kept back to back in one byte arena and the table is open addressing over UInt64
// slots (32-bit fingerprint | entry + 1), so a million keys cost tens of megabytes and no allocation per
// key. Lookups compare the real bytes: a hash collision can never make two different invoices equal.

struct ByteKeyIndex {
    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var values: [Int32] = []
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// Makes room for `n` keys of about `keyBytes` bytes each without growing.
    mutating func reserve(_ n: Int, keyBytes: Int = 24) {
        arena.reserveCapacity(n * keyBytes)
        starts.reserveCapacity(n)
        values.reserveCapacity(n)
        var size = slots.count
        while size * 3 < n * 4 { size <<= 1 }
        if size > slots.count { while values.count * 4 > size * 3 { size <<= 1 }; rehash(size) }
    }

    @inline(__always) static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        // final avalanche (splitmix64 finaliser)
        h ^= h >> 33; h = h &* 0xff51afd7ed558ccd; h ^= h >> 33; h = h &* 0xc4ceb9fe1a85ec53; h ^= h >> 33
        return h
    }

    @inline(__always) private func keyEquals(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let s = Int(starts[entry])
        let e = entry + 1 < starts.count ? Int(starts[entry + 1]) : arena.count
        guard e - s == key.count else { return false }
        return arena.withUnsafeBytes { a in
            for i in 0..<key.count where a[s + i] != key[i] { return false }
            return true
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: UnsafeRawBufferPointer, _ h: UInt64) -> (slot: Int, entry: Int?) {
        let fp = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil) }
            if s >> 32 == fp {
                let entry = Int(s & 0xFFFF_FFFF) - 1
                if keyEquals(entry, key) { return (i, entry) }
            }
            i = (i + 1) & mask
        }
    }

    func value(_ key: UnsafeRawBufferPointer) -> Int32? { value(key, hash: ByteKeyIndex.hash(key)) }

    /// Lookup with a hash computed before (`ByteKeyIndex.hash(key)`).
    func value(_ key: UnsafeRawBufferPointer, hash h: UInt64) -> Int32? {
        guard let e = find(key, h).entry else { return nil }
        return values[e]
    }

    func value(_ key: [UInt8]) -> Int32? { key.withUnsafeBytes { value($0) } }

    /// Inserts the key or overwrites its value.
    mutating func set(_ key: UnsafeRawBufferPointer, _ value: Int32) { set(key, hash: ByteKeyIndex.hash(key), value) }

    mutating func set(_ key: UnsafeRawBufferPointer, hash h: UInt64, _ value: Int32) {
        let (slot, entry) = find(key, h)
        if let entry { values[entry] = value; return }
        let newEntry = values.count
        starts.append(Int32(arena.count))
        arena.append(contentsOf: key)
        values.append(value)
        slots[slot] = (h >> 32) << 32 | UInt64(newEntry + 1)
        if values.count * 4 > slots.count * 3 { grow() }
    }

    mutating func set(_ key: [UInt8], _ value: Int32) { key.withUnsafeBytes { set($0, value) } }

    /// The key's value; when the key is absent, inserts it with `value` and returns nil (one probe).
    mutating func valueOrInsert(_ key: UnsafeRawBufferPointer, hash h: UInt64, _ value: Int32) -> Int32? {
        let (slot, entry) = find(key, h)
        if let entry { return values[entry] }
        let newEntry = values.count
        starts.append(Int32(arena.count))
        arena.append(contentsOf: key)
        values.append(value)
        slots[slot] = (h >> 32) << 32 | UInt64(newEntry + 1)
        if values.count * 4 > slots.count * 3 { grow() }
        return nil
    }

    private mutating func grow() { rehash(slots.count * 2) }

    private mutating func rehash(_ size: Int) {
        var newSlots = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        arena.withUnsafeBytes { a in
            for entry in 0..<values.count {
                let s = Int(starts[entry])
                let e = entry + 1 < starts.count ? Int(starts[entry + 1]) : a.count
                let h = ByteKeyIndex.hash(UnsafeRawBufferPointer(rebasing: a[s..<e]))
                var i = Int(truncatingIfNeeded: h) & newMask
                while newSlots[i] != 0 { i = (i + 1) & newMask }
                newSlots[i] = (h >> 32) << 32 | UInt64(entry + 1)
            }
        }
        slots = newSlots
        mask = newMask
    }
}
