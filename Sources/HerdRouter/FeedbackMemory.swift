/// Local corrections from user feedback: each event remembers its prompt's TF-IDF vector and a
/// logit gain for one model; prompts lexically close to it get the gain scaled by similarity.
///
/// Why: a thumbs-down should change the verdict on that prompt and its near-repeats at once,
/// without a global step large enough to disturb everything the router learned from data.
public struct FeedbackMemory: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var vector: SparseVector
        public var output: Int
        public var gain: Float
    }

    public var entries: [Entry] = []
    /// Logit step per event, times the surprise (outcome − predicted probability).
    public static let rate: Float = 3
    /// Cosine similarity below which an event has no effect.
    public static let threshold: Float = 0.3

    public init() {}

    @inline(__always) static func kernel(_ s: Float) -> Float {
        guard s > threshold else { return 0 }
        let t = (s - threshold) / (1 - threshold)
        return t * t
    }

    /// Logit offsets per output for a prompt's TF-IDF vector.
    public func offsets(_ x: SparseVector, outputs: Int) -> [Float] {
        var out = [Float](repeating: 0, count: outputs)
        for e in entries where e.output < outputs {
            let w = Self.kernel(x.dot(e.vector))
            if w > 0 { out[e.output] += w * e.gain }
        }
        return out
    }

    public mutating func add(_ x: SparseVector, output: Int, outcome: Float, predicted: Float) {
        entries.append(Entry(vector: x, output: output, gain: Self.rate * (outcome - predicted)))
    }
}
