import Foundation

/// The two reference routers Herd is compared with, trained and scored on the same rows:
/// TF-IDF (word unigrams, sublinear tf, L2-normalised) with a logistic regression per model
/// (L2, C = 1, as scikit-learn's default; fitted by AdaGrad, whose step size, tuned on dev, acts
/// as further regularisation), and TF-IDF with a 50-nearest-neighbour vote (cosine).
public enum ReferenceRouter: String, Sendable, CaseIterable {
    case tfidfLR = "tfidf-lr"
    case tfidfKNN = "tfidf-knn"

    /// Word unigrams only: what a plain TF-IDF baseline sees.
    static var featurizer: TextFeaturizer {
        var f = TextFeaturizer(dimensionBits: 18, charMin: 1, charMax: 0, wordMaxN: 1)
        f.structureWeight = 0
        return f
    }

    /// Each test row's confidence for each of `models` (names as in the data).
    public func probabilities(train: [RoutingExample], models: [String], test: [String], seed: UInt64 = 1) -> [[Double]] {
        let f = Self.featurizer
        let tfs = train.map { f.termFrequencies($0.prompt) }
        let tfidf = TfidfTransform(fitting: tfs, dimension: f.dimension)
        let x = tfs.map { tfidf.transform($0).droppingZeros() }
        let q = test.map { tfidf.transform(f.termFrequencies($0)).droppingZeros() }
        switch self {
        case .tfidfLR:
            let weights = models.map { m in Self.logistic(x: x, y: train.map { $0.scores[m] }, dimension: f.dimension, seed: seed) }
            return q.map { v in
                weights.map { w in
                    var s = w.bias
                    for (k, j) in v.indices.enumerated() { s += Double(v.values[k]) * w.w[Int(j)] }
                    return 1 / (1 + exp(-s))
                }
            }
        case .tfidfKNN:
            return Self.neighbours(x: x, train: train, models: models, queries: q, k: 50)
        }
    }

    /// L2-regularised logistic regression (objective Σ log-loss + ½‖w‖² / C, C = 1) by AdaGrad over
    /// shuffled rows; rows without a score for the model are skipped.
    static func logistic(x: [SparseVector], y: [Double?], dimension: Int, seed: UInt64, epochs: Int = 10) -> (w: [Double], bias: Double) {
        let rows = x.indices.filter { y[$0] != nil }
        // Accumulators start at 1, not ~0: AdaGrad's first step is otherwise ±lr whatever the
        // gradient, which gives every rare word a large weight that the L2 term of a converged fit
        // (scikit-learn's) would not allow.
        var w = [Double](repeating: 0, count: dimension), g2 = [Double](repeating: 1, count: dimension)
        var bias = 0.0, gb = 1.0
        let l2 = 1 / Double(max(rows.count, 1))
        var rng = SplitMix64(seed: seed)
        var order = rows
        // Tuned on the MMLU-Pro dev split for the 27-model herd (accuracy at λ=0 / AIQ): 2 → 0.560 / 0.550,
        // 0.5 → 0.611 / 0.595, 0.1 → 0.668 / 0.656, 0.03 → 0.681 / 0.664, 0.01 → 0.685 / 0.666,
        // 0.003 → 0.679 / 0.668: a reference should be as strong as it can fairly be made.
        let lr = 0.01
        for _ in 0..<epochs {
            order.shuffle(using: &rng)
            for i in order {
                let v = x[i]
                var s = bias
                for (k, j) in v.indices.enumerated() { s += Double(v.values[k]) * w[Int(j)] }
                let e = 1 / (1 + exp(-s)) - y[i]!
                for (k, j) in v.indices.enumerated() {
                    let jj = Int(j)
                    let g = e * Double(v.values[k]) + l2 * w[jj]
                    g2[jj] += g * g
                    w[jj] -= lr * g / g2[jj].squareRoot()
                }
                gb += e * e
                bias -= lr * e / gb.squareRoot()
            }
        }
        return (w, bias)
    }

    /// Mean score of the `k` most similar training rows that scored each model.
    static func neighbours(x: [SparseVector], train: [RoutingExample], models: [String], queries: [SparseVector], k: Int) -> [[Double]] {
        var postings: [Int32: [(row: Int32, value: Float)]] = [:]
        for (i, v) in x.enumerated() { for (q, j) in v.indices.enumerated() { postings[j, default: []].append((Int32(i), v.values[q])) } }
        let y = train.map { r in models.map { r.scores[$0] } }
        let base = models.indices.map { m in
            let have = y.compactMap { $0[m] }
            return have.isEmpty ? 0.5 : have.reduce(0, +) / Double(have.count)
        }
        var sim = [Float](repeating: 0, count: x.count)
        return queries.map { v in
            for i in sim.indices { sim[i] = 0 }
            for (q, j) in v.indices.enumerated() {
                for p in postings[j] ?? [] { sim[Int(p.row)] += p.value * v.values[q] }
            }
            let order = sim.indices.sorted { (sim[$0], -$0) > (sim[$1], -$1) }
            return models.indices.map { m in
                var s = 0.0, n = 0
                for i in order {
                    guard let o = y[i][m] else { continue }
                    s += o; n += 1
                    if n == k { break }
                }
                return n > 0 ? s / Double(n) : base[m]
            }
        }
    }
}
