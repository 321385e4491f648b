import Foundation

/// Inverse document frequencies learned from training prompts; turns term frequencies into
/// L2-normalised TF-IDF vectors.
public struct TfidfTransform: Sendable, Hashable {
    /// One weight per hashed feature; unseen features get the largest IDF.
    public var idf: [Float]

    public init(idf: [Float]) { self.idf = idf }

    /// Fits document frequencies over `documents` (term-frequency vectors in a space of `dimension`).
    public init(fitting documents: [SparseVector], dimension: Int) {
        var df = [Int32](repeating: 0, count: dimension)
        for d in documents { for i in d.indices { df[Int(i)] += 1 } }
        let n = Float(documents.count)
        idf = df.map { logf((n + 1) / (Float($0) + 1)) + 1 }
    }

    public func transform(_ tf: SparseVector) -> SparseVector {
        var v = tf
        for k in v.indices.indices { v.values[k] *= idf[Int(v.indices[k])] }
        v.normalize()
        return v
    }
}
