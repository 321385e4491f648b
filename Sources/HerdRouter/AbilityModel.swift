import Foundation

/// Each model's ability relative to the others on a question, with the question's own difficulty
/// explained away: item response theory with text features. In training every question has a
/// free difficulty `a_q`, and model m's outcome is σ(a_q + b_m + w_m·x) over word TF-IDF `x`.
/// A question every model gets right (or wrong) then teaches nothing about who is better, where a
/// per-model logistic regression would push every head the same way: noise for the choice between
/// members, which is all routing needs from this part (the difficulty comes from the other
/// predictors in the blend).
///
/// Deterministic: rows are visited in one fixed order and weights start at zero, so a router's
/// choices do not depend on a seed through this part.
public struct AbilityModel: Sendable, Hashable {
    public struct Config: Sendable, Hashable, Codable {
        public var epochs: Int = 10
        /// AdaGrad step. On the MMLU-Pro dev split (27 models, trained on train), accuracy at λ=0 /
        /// AIQ: 0.003 → 0.661 / 0.650, 0.01 → 0.683 / 0.664, 0.03 → 0.686 / 0.665.
        public var learningRate: Float = 0.03
        /// L2 on the heads, as a logistic regression with C = 1 over the training rows.
        public var l2: Float = 1
        /// Prior precision of each question's difficulty (keeps all-right and all-wrong questions
        /// finite). Dev: 0.1 → 0.682, 0.5 → 0.683, 2 → 0.684 (accuracy at λ=0): flat.
        public var difficultyPrecision: Float = 0.5
        public var dimensionBits: Int = 18
        public init() {}
    }

    /// Word unigrams: what the heads read.
    public var featurizer: TextFeaturizer
    /// Features seen in training, sorted; everything else has no weight.
    public var keys: [Int32]
    /// IDF of each key, and of any feature not seen in training.
    public var idf: [Float]
    public var unseenIDF: Float
    public var outputs: Int
    /// Key-major: key k's weights for every output at `w[k*outputs ..< (k+1)*outputs]`.
    public var w: [Float]
    public var b: [Float]

    public init(featurizer: TextFeaturizer, keys: [Int32], idf: [Float], unseenIDF: Float, outputs: Int, w: [Float], b: [Float]) {
        self.featurizer = featurizer
        self.keys = keys
        self.idf = idf
        self.unseenIDF = unseenIDF
        self.outputs = outputs
        self.w = w
        self.b = b
    }

    static func featurizer(bits: Int) -> TextFeaturizer {
        var f = TextFeaturizer(dimensionBits: bits, charMin: 1, charMax: 0, wordMaxN: 1)
        f.structureWeight = 0
        return f
    }

    /// Each output's ability minus the outputs' mean (a logit difference; add a difficulty for a probability).
    public func relativeScores(_ text: String) -> [Float] {
        var s = scores(vector(featurizer.termFrequencies(text)))
        let mean = s.reduce(0, +) / Float(max(outputs, 1))
        for m in s.indices { s[m] -= mean }
        return s
    }

    /// TF-IDF over the keys: (key position, value) pairs, L2-normalised over all the text's features.
    func vector(_ tf: SparseVector) -> [(Int, Float)] {
        var out: [(Int, Float)] = []
        var norm: Float = 0
        for (q, j) in tf.indices.enumerated() {
            let k = Self.position(of: j, in: keys)
            let v = tf.values[q] * (k.map { idf[$0] } ?? unseenIDF)
            norm += v * v
            if let k { out.append((k, v)) }
        }
        let inv = norm > 0 ? 1 / norm.squareRoot() : 0
        return out.map { ($0.0, $0.1 * inv) }
    }

    func scores(_ x: [(Int, Float)]) -> [Float] {
        var s = b
        let t = outputs
        w.withUnsafeBufferPointer { wp in
            for (k, v) in x {
                let base = k * t
                for m in 0..<t { s[m] += v * wp[base + m] }
            }
        }
        return s
    }

    /// Up to `limit` words of `text` that most favour output `c` over output `r` (over the mean when nil).
    public func favouring(_ text: String, output c: Int, over r: Int?, limit: Int = 3) -> [String] {
        let tf = featurizer.termFrequencies(text)
        let t = outputs
        var top: [(feature: Int32, c: Float)] = []
        for (k, v) in vector(tf) {
            let row = k * t
            let other = r.map { w[row + $0] } ?? (w[row..<(row + t)].reduce(0, +) / Float(t))
            let gain = (w[row + c] - other) * v
            if gain > 0 { top.append((keys[k], gain)) }
        }
        top.sort { $0.c > $1.c }
        let wanted = top.prefix(limit).map(\.feature)
        let names = featurizer.featureNames(text, wanted: Set(wanted))
        return wanted.compactMap { names[$0] }
    }

    /// One online step on output `m` for `text`: `error` is predicted − observed.
    public mutating func learn(_ text: String, output m: Int, error: Float, rate: Float) {
        let t = outputs
        for (k, v) in vector(featurizer.termFrequencies(text)) { w[k * t + m] -= rate * error * v }
        b[m] -= rate * error
    }

    static func position(of j: Int32, in keys: [Int32]) -> Int? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == j ? lo : nil
    }

    /// Trains on `prompts` and `y` (row-major `prompts.count × outputs`, NaN where a model has no outcome).
    public static func train(prompts: [String], y: [Float], outputs t: Int, config: Config = Config()) -> AbilityModel {
        let f = featurizer(bits: config.dimensionBits)
        let tfs = prompts.map { f.termFrequencies($0) }
        var seen = Set<Int32>()
        for v in tfs { seen.formUnion(v.indices) }
        let keys = seen.sorted()
        var df = [Float](repeating: 0, count: keys.count)
        let x0 = tfs.map { v in v.indices.map { position(of: $0, in: keys)! } }
        for row in x0 { for k in row { df[k] += 1 } }
        let n = Float(prompts.count)
        let idf = df.map { logf((n + 1) / ($0 + 1)) + 1 }
        let model = AbilityModel(featurizer: f, keys: keys, idf: idf, unseenIDF: logf(n + 1) + 1, outputs: t,
                                 w: [Float](repeating: 0, count: keys.count * t), b: [Float](repeating: 0, count: t))
        let x = tfs.map { model.vector($0) }
        var w = model.w, b = model.b
        var g2 = [Float](repeating: 1, count: w.count), gb = [Float](repeating: 1, count: t)
        var a = [Float](repeating: 0, count: x.count)
        let l2 = config.l2 / max(n, 1), lr = config.learningRate, tau = config.difficultyPrecision
        var s = [Float](repeating: 0, count: t)
        var rng = SplitMix64(seed: 0xAB1E)
        var order = Array(0..<x.count)
        order.shuffle(using: &rng)
        for _ in 0..<config.epochs {
            for i in order {
                let xi = x[i]
                w.withUnsafeMutableBufferPointer { wp in
                    g2.withUnsafeMutableBufferPointer { gp in
                        for m in 0..<t { s[m] = b[m] }
                        for (k, v) in xi {
                            let base = k * t
                            for m in 0..<t { s[m] += v * wp[base + m] }
                        }
                        // The question's difficulty given the current abilities: two Newton steps.
                        for _ in 0..<2 {
                            var g = tau * a[i], h = tau
                            for m in 0..<t where !y[i * t + m].isNaN {
                                let p = 1 / (1 + expf(-(a[i] + s[m])))
                                g += p - y[i * t + m]
                                h += p * (1 - p)
                            }
                            a[i] -= g / h
                        }
                        for m in 0..<t where !y[i * t + m].isNaN {
                            let e = 1 / (1 + expf(-(a[i] + s[m]))) - y[i * t + m]
                            for (k, v) in xi {
                                let idx = k * t + m
                                let g = e * v + l2 * wp[idx]
                                gp[idx] += g * g
                                wp[idx] -= lr * g / gp[idx].squareRoot()
                            }
                            gb[m] += e * e
                            b[m] -= lr * e / gb[m].squareRoot()
                        }
                    }
                }
            }
        }
        var out = model
        out.w = w
        out.b = b
        return out
    }
}
