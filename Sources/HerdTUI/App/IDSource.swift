import Foundation

/// Where `App.update` gets new IDs (messages, conversations, feedback) without calling `UUID()`:
/// a seed drawn once outside the update, and a counter. Replaying the same events from the same
/// state gives the same IDs, so tests compare whole values.
public struct IDSource: Sendable, Hashable {
    public var seed: UInt64
    public var counter: UInt64 = 0

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// A random seed, for a new session (drawn by whoever builds the state, never inside `update`).
    public static func random() -> IDSource { IDSource(seed: UInt64.random(in: .min ... .max)) }

    /// The next ID: the seed and the counter as a version-4-shaped UUID.
    public mutating func next() -> UUID {
        counter += 1
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            b[i] = UInt8(truncatingIfNeeded: seed >> (56 - 8 * UInt64(i)))
            b[8 + i] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(i)))
        }
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
