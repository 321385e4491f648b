/// A sparse feature vector: sorted, distinct indices with their values.
public struct SparseVector: Sendable, Hashable, Codable {
    public var indices: [Int32]
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        precondition(indices.count == values.count, "indices and values differ in length")
        self.indices = indices
        self.values = values
    }

    public var count: Int { indices.count }

    /// Euclidean norm.
    public var norm: Float {
        var s: Float = 0
        for v in values { s += v * v }
        return s.squareRoot()
    }

    /// Scales to unit length (a zero vector stays zero).
    public mutating func normalize() {
        let n = norm
        guard n > 0 else { return }
        let inv = 1 / n
        for i in values.indices { values[i] *= inv }
    }

    /// Dot product with another sparse vector (both sorted).
    public func dot(_ other: SparseVector) -> Float {
        var i = 0, j = 0, s: Float = 0
        while i < indices.count && j < other.indices.count {
            let a = indices[i], b = other.indices[j]
            if a == b { s += values[i] * other.values[j]; i += 1; j += 1 } else if a < b { i += 1 } else { j += 1 }
        }
        return s
    }
}

extension SparseVector {
    /// The same vector without entries whose value is 0 (e.g. feature groups weighted 0).
    func droppingZeros() -> SparseVector {
        var out = SparseVector()
        for (k, j) in indices.enumerated() where values[k] != 0 { out.indices.append(j); out.values.append(values[k]) }
        return out
    }
}
