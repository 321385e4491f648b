import Testing
@testable import HerdRouter

@Suite struct LatentModelTests {
    static func trained(seed: UInt64, rank: Int) -> (LatentModel, [SparseVector]) {
        let data = SyntheticData.wordRouted(count: 80)
        let f = SyntheticData.smallConfig.featurizer
        let tfs = data.map { f.termFrequencies($0.prompt) }
        let tfidf = TfidfTransform(fitting: tfs, dimension: f.dimension)
        let x = tfs.map { tfidf.transform($0) }
        let y = data.flatMap { [Float($0.scores["coder"]!), Float($0.scores["poet"]!)] }
        var c = LatentModel.Config()
        c.rank = rank; c.epochs = 3; c.learningRate = 0.1; c.seed = seed
        return (LatentModel.train(x: x, y: y, outputs: ["coder", "poet"], dimension: f.dimension, config: c), x)
    }

    /// The hidden vector written out as the definition says: Σ_j x_j · w_j (the SIMD path must agree).
    static func hiddenByDefinition(_ m: LatentModel, _ x: SparseVector) -> [Float] {
        var z = m.c
        for (q, j) in x.indices.enumerated() {
            for r in 0..<m.rank { z[r] += x.values[q] * m.w[Int(j) * m.rank + r] }
        }
        return z
    }

    @Test func hiddenMatchesItsDefinitionAtEveryRank() {
        for rank in [3, 8, 16, 24, 32, 40] {
            let (m, x) = Self.trained(seed: 1, rank: rank)
            for v in x.prefix(10) {
                let got = m.hidden(v), want = Self.hiddenByDefinition(m, v)
                #expect(got.count == rank)
                #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "rank \(rank)")
            }
        }
    }

    @Test func ensembleLogitsAreTheMeanOfItsMembers() {
        let (a, x) = Self.trained(seed: 1, rank: 8)
        let (b, _) = Self.trained(seed: 2, rank: 8)
        let (c, _) = Self.trained(seed: 3, rank: 8)
        let e = LatentModel.ensemble([a, b, c])
        #expect(e.rank == 24 && e.outputs == a.outputs)
        // Different seeds really give different models, so the check below is not trivially true.
        #expect(a.logits(hidden: a.hidden(x[0])) != b.logits(hidden: b.hidden(x[0])))
        for v in x.prefix(20) {
            let parts = [a, b, c].map { $0.logits(hidden: $0.hidden(v)) }
            let got = e.logits(hidden: e.hidden(v))
            for m in 0..<2 {
                let mean = parts.map { $0[m] }.reduce(0, +) / 3
                #expect(abs(got[m] - mean) < 1e-4, "output \(m): \(got[m]) vs \(mean)")
            }
        }
    }
}
