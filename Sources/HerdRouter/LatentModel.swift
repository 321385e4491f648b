import Foundation

/// A multi-task predictor: every model in the training data shares one learned projection of the
/// sparse features (a question representation, in the spirit of item response theory and matrix
/// factorisation), and each model has its own logistic head on it.
///
/// Sharing is what makes it work on small data: each question carries one outcome per model in the
/// data (29 on MMLU-Pro), so the projection learns "what makes a question hard, and for whom" from
/// far more labels than a single member's logistic regression sees.
public struct LatentModel: Sendable, Hashable {
    public enum Activation: String, Sendable, Hashable, Codable { case linear, tanh }

    public struct Config: Sendable, Hashable, Codable {
        public var rank: Int = 8
        public var activation: Activation = .linear
        public var epochs: Int = 3
        public var learningRate: Float = 0.03
        public var l2Projection: Float = 1e-6
        public var l2Heads: Float = 1e-4
        public var seed: UInt64 = 42
        public init() {}
    }

    public var dimension: Int
    public var rank: Int
    public var activation: Activation
    /// Output (model) names, in head order.
    public var outputs: [String]
    /// Feature-major projection: feature j's row is `w[j*rank ..< (j+1)*rank]`.
    public var w: [Float]
    /// Latent bias (used by non-linear activations).
    public var c: [Float]
    /// Head weights, output-major: `u[m*rank ..< (m+1)*rank]`.
    public var u: [Float]
    public var b: [Float]

    public init(dimension: Int, rank: Int, activation: Activation, outputs: [String], w: [Float], c: [Float], u: [Float], b: [Float]) {
        self.dimension = dimension
        self.rank = rank
        self.activation = activation
        self.outputs = outputs
        self.w = w
        self.c = c
        self.u = u
        self.b = b
    }

    /// The hidden representation h(x).
    public func hidden(_ x: SparseVector) -> [Float] {
        if rank % 8 == 0 && rank <= 32 { return hiddenSIMD(x) }
        var z = c
        w.withUnsafeBufferPointer { wp in
            z.withUnsafeMutableBufferPointer { zp in
                for (k, j) in x.indices.enumerated() {
                    let v = x.values[k]
                    let base = Int(j) * rank
                    for r in 0..<rank { zp[r] += v * wp[base + r] }
                }
            }
        }
        if activation == .tanh { for r in 0..<rank { z[r] = tanhf(z[r]) } }
        return z
    }

    /// `hidden` for ranks that are multiples of 8 up to 32 (the ensemble's 24): the projection rows are
    /// read eight lanes at a time into at most four accumulators. Same sums, lanes in another order.
    private func hiddenSIMD(_ x: SparseVector) -> [Float] {
        let chunks = rank / 8
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        w.withUnsafeBufferPointer { wp in
            x.indices.withUnsafeBufferPointer { ip in
                x.values.withUnsafeBufferPointer { vp in
                    let w0 = UnsafeRawPointer(wp.baseAddress!)
                    for q in 0..<ip.count {
                        let v = vp[q]
                        let row = w0 + Int(ip[q]) * rank * MemoryLayout<Float>.stride
                        a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
                        if chunks > 1 { a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) }
                        if chunks > 2 { a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) }
                        if chunks > 3 { a3 += v * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self) }
                    }
                }
            }
        }
        var z = c
        for (i, a) in [a0, a1, a2, a3].prefix(chunks).enumerated() {
            for r in 0..<8 { z[i * 8 + r] += a[r] }
        }
        if activation == .tanh { for r in 0..<rank { z[r] = tanhf(z[r]) } }
        return z
    }

    /// Logit of each output given a hidden representation.
    public func logits(hidden h: [Float]) -> [Float] {
        var out = b
        u.withUnsafeBufferPointer { up in
            for m in 0..<outputs.count {
                var s: Float = 0
                let base = m * rank
                for r in 0..<rank { s += up[base + r] * h[r] }
                out[m] += s
            }
        }
        return out
    }

    /// The average of several linear models (e.g. trained from different seeds) as one model of their
    /// summed rank: the hidden vectors are concatenated and each head's logit is the mean of theirs.
    /// Averaging cuts the variance of stochastic training; the kNN then works on the joint representation.
    public static func ensemble(_ models: [LatentModel]) -> LatentModel {
        guard let first = models.first, models.count > 1 else { return models[0] }
        precondition(models.allSatisfy { $0.activation == .linear && $0.outputs == first.outputs && $0.dimension == first.dimension },
                     "only linear models over the same features and outputs can be averaged")
        let t = first.outputs.count, s = Float(models.count)
        let rank = models.map(\.rank).reduce(0, +)
        var w = [Float](repeating: 0, count: first.dimension * rank)
        var u = [Float](repeating: 0, count: t * rank)
        var b = [Float](repeating: 0, count: t)
        var offset = 0
        for m in models {
            let k = m.rank
            w.withUnsafeMutableBufferPointer { wp in
                m.w.withUnsafeBufferPointer { mp in
                    for j in 0..<first.dimension {
                        for r in 0..<k { wp[j * rank + offset + r] = mp[j * k + r] }
                    }
                }
            }
            for o in 0..<t {
                for r in 0..<k { u[o * rank + offset + r] = m.u[o * k + r] / s }
                b[o] += m.b[o] / s
            }
            offset += k
        }
        return LatentModel(dimension: first.dimension, rank: rank, activation: .linear, outputs: first.outputs, w: w,
                           c: [Float](repeating: 0, count: rank), u: u, b: b)
    }

    /// Trains on `x` (TF-IDF vectors) and `y` (row-major `x.count × outputs.count`, NaN where a model
    /// has no outcome) with per-sample AdaGrad, updating only the touched projection rows.
    public static func train(x: [SparseVector], y: [Float], outputs: [String], dimension: Int, config: Config) -> LatentModel {
        let t = outputs.count, k = config.rank
        var rng = SplitMix64(seed: config.seed)
        // The projection starts at zero so that features never seen in training contribute nothing;
        // random heads break the symmetry instead.
        var w = [Float](repeating: 0, count: dimension * k)
        var u = (0..<(t * k)).map { _ in rng.symmetric() * 0.5 }
        var c = [Float](repeating: 0, count: k)
        // Heads start at each output's base rate so early epochs spend effort on the projection.
        var b = [Float](repeating: 0, count: t)
        for m in 0..<t {
            var s: Float = 0, n: Float = 0
            for i in 0..<x.count where !y[i * t + m].isNaN { s += y[i * t + m]; n += 1 }
            let p = min(max((s + 1) / (n + 2), 0.01), 0.99)
            b[m] = logf(p / (1 - p))
        }
        var gw = [Float](repeating: 1e-6, count: dimension * k)
        var gu = [Float](repeating: 1e-6, count: t * k)
        var gb = [Float](repeating: 1e-6, count: t)
        var gc = [Float](repeating: 1e-6, count: k)
        var order = Array(0..<x.count)
        let lr = config.learningRate
        var z = [Float](repeating: 0, count: k)
        var h = [Float](repeating: 0, count: k)
        var gh = [Float](repeating: 0, count: k)
        let tanhAct = config.activation == .tanh
        for _ in 0..<config.epochs {
            order.shuffle(using: &rng)
            for i in order {
                let xi = x[i]
                w.withUnsafeMutableBufferPointer { wp in
                    u.withUnsafeMutableBufferPointer { up in
                        // Forward.
                        for r in 0..<k { z[r] = c[r] }
                        for (q, j) in xi.indices.enumerated() {
                            let v = xi.values[q]
                            let base = Int(j) * k
                            for r in 0..<k { z[r] += v * wp[base + r] }
                        }
                        for r in 0..<k { h[r] = tanhAct ? tanhf(z[r]) : z[r]; gh[r] = 0 }
                        // Heads.
                        for m in 0..<t {
                            let target = y[i * t + m]
                            if target.isNaN { continue }
                            let base = m * k
                            var s = b[m]
                            for r in 0..<k { s += up[base + r] * h[r] }
                            let e = 1 / (1 + expf(-s)) - target
                            for r in 0..<k {
                                gh[r] += e * up[base + r]
                                let g = e * h[r] + config.l2Heads * up[base + r]
                                gu[base + r] += g * g
                                up[base + r] -= lr * g / gu[base + r].squareRoot()
                            }
                            gb[m] += e * e
                            b[m] -= lr * e / gb[m].squareRoot()
                        }
                        if tanhAct { for r in 0..<k { gh[r] *= 1 - h[r] * h[r] } }
                        // Projection rows touched by this prompt.
                        for (q, j) in xi.indices.enumerated() {
                            let v = xi.values[q]
                            let base = Int(j) * k
                            for r in 0..<k {
                                let g = v * gh[r] + config.l2Projection * wp[base + r]
                                gw[base + r] += g * g
                                wp[base + r] -= lr * g / gw[base + r].squareRoot()
                            }
                        }
                        if tanhAct {
                            for r in 0..<k {
                                gc[r] += gh[r] * gh[r]
                                c[r] -= lr * gh[r] / gc[r].squareRoot()
                            }
                        }
                    }
                }
            }
        }
        return LatentModel(dimension: dimension, rank: k, activation: config.activation, outputs: outputs, w: w, c: c, u: u, b: b)
    }
}
