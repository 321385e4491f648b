/// k-nearest-neighbour vote over stored vectors (cosine similarity) and each model's outcomes on them.
public struct NeighborIndex: Sendable, Hashable {
    public var dimension: Int
    /// Row-major unit vectors, `count × dimension`.
    public var vectors: [Float]
    /// Row-major outcomes, `count × outputs`, NaN where a model has no outcome.
    public var outcomes: [Float]
    public var outputs: Int
    /// Per-output base rate, the vote's prior.
    public var baseRates: [Float]
    public var k: Int
    /// Pseudo-count of the prior in each vote (shrinks small or split votes toward the base rate).
    public var priorWeight: Float

    public var count: Int { dimension == 0 ? 0 : vectors.count / dimension }

    public init(dimension: Int, vectors: [[Float]], outcomes: [Float], outputs: Int, k: Int, priorWeight: Float) {
        self.dimension = dimension
        self.outputs = outputs
        self.k = k
        self.priorWeight = priorWeight
        var flat: [Float] = []
        flat.reserveCapacity(vectors.count * dimension)
        for v in vectors { flat.append(contentsOf: NeighborIndex.unit(v)) }
        self.vectors = flat
        self.outcomes = outcomes
        var rates = [Float](repeating: 0.5, count: outputs)
        for m in 0..<outputs {
            var s: Float = 0, n: Float = 0
            for i in 0..<vectors.count where !outcomes[i * outputs + m].isNaN { s += outcomes[i * outputs + m]; n += 1 }
            if n > 0 { rates[m] = s / n }
        }
        baseRates = rates
    }

    public init(dimension: Int, vectors: [Float], outcomes: [Float], outputs: Int, baseRates: [Float], k: Int, priorWeight: Float) {
        self.dimension = dimension
        self.vectors = vectors
        self.outcomes = outcomes
        self.outputs = outputs
        self.baseRates = baseRates
        self.k = k
        self.priorWeight = priorWeight
    }

    static func unit(_ v: [Float]) -> [Float] {
        var s: Float = 0
        for x in v { s += x * x }
        guard s > 0 else { return v }
        let inv = 1 / s.squareRoot()
        return v.map { $0 * inv }
    }

    /// The `k` most similar rows, best first, as (row, similarity); `exclude` skips one row (leave-one-out).
    public func nearest(_ query: [Float], k: Int? = nil, exclude: Int? = nil) -> [(row: Int, similarity: Float)] {
        let q = NeighborIndex.unit(query)
        let kk = min(k ?? self.k, count)
        guard kk > 0 else { return [] }
        // A bounded min-heap keeps the k best without sorting every similarity.
        var heapSim = [Float](); heapSim.reserveCapacity(kk)
        var heapRow = [Int](); heapRow.reserveCapacity(kk)
        let d = dimension
        vectors.withUnsafeBufferPointer { vp in
            q.withUnsafeBufferPointer { qp in
                for row in 0..<count {
                    if row == exclude { continue }
                    let s = NeighborIndex.dot(vp.baseAddress! + row * d, qp.baseAddress!, d)
                    if heapSim.count < kk {
                        heapSim.append(s); heapRow.append(row)
                        var i = heapSim.count - 1
                        while i > 0 {
                            let p = (i - 1) / 2
                            if heapSim[p] <= heapSim[i] { break }
                            heapSim.swapAt(p, i); heapRow.swapAt(p, i); i = p
                        }
                    } else if s > heapSim[0] {
                        heapSim[0] = s; heapRow[0] = row
                        var i = 0
                        while true {
                            let l = 2 * i + 1, r = l + 1
                            var m = i
                            if l < kk && heapSim[l] < heapSim[m] { m = l }
                            if r < kk && heapSim[r] < heapSim[m] { m = r }
                            if m == i { break }
                            heapSim.swapAt(m, i); heapRow.swapAt(m, i); i = m
                        }
                    }
                }
            }
        }
        return zip(heapRow, heapSim).map { (row: $0, similarity: $1) }.sorted { $0.similarity > $1.similarity }
    }

    /// Dot product of two `n`-float arrays, eight lanes at a time (the kNN scan is most of a decision's time).
    @inline(__always) static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// Smoothed share of neighbours each output answered well.
    public func vote(_ neighbors: [(row: Int, similarity: Float)]) -> [Float] {
        var out = [Float](repeating: 0, count: outputs)
        for m in 0..<outputs {
            var s = priorWeight * baseRates[m], n = priorWeight
            for nb in neighbors {
                let y = outcomes[nb.row * outputs + m]
                if !y.isNaN { s += y; n += 1 }
            }
            out[m] = s / n
        }
        return out
    }
}
