import Foundation
import Testing
@testable import HerdRouter

@Suite struct ReferenceRouterTests {
    /// Both reference routers learn the word that decides on the synthetic set, and their
    /// figures come out of the same evaluator as Herd's.
    @Test func bothReferencesLearnTheDecidingWord() throws {
        let data = SyntheticData.wordRouted(count: 200)
        let train = Array(data[0..<150]), test = Array(data[150...])
        let table = try EvaluationTable(rows: test, members: SyntheticData.members)
        for kind in ReferenceRouter.allCases {
            let p = kind.probabilities(train: train, models: ["coder", "poet"], test: table.rows.map(\.prompt))
            #expect(p.count == 50 && p.allSatisfy { $0.count == 2 && $0.allSatisfy { $0 >= 0 && $0 <= 1 } })
            let ev = RouterEvaluator.evaluate(table: table, probabilities: p, version: kind.rawValue)
            #expect(ev.accuracy > 0.95, "\(kind): \(ev.accuracy)")
            #expect(abs(ev.bestSingle.accuracy - 0.5) < 0.1)
        }
    }

    @Test func knnVotesAreMeansOfTheNearestScoredRows() {
        // Three training prompts; the query shares words with the first two only.
        let train = [RoutingExample(prompt: "red apple", scores: ["m": 1]), RoutingExample(prompt: "red cherry", scores: ["m": 0.5]),
                     RoutingExample(prompt: "blue sky", scores: ["m": 0]), RoutingExample(prompt: "red wine", scores: [:])]
        let p = ReferenceRouter.tfidfKNN.probabilities(train: train, models: ["m"], test: ["red apple pie"])
        // k = 50 > rows: all three scored rows vote (the unscored one is skipped): (1 + 0.5 + 0) / 3.
        #expect(abs(p[0][0] - 0.5) < 1e-12)
        let near = ReferenceRouter.neighbours(x: train.map { ReferenceRouter.featurizer.termFrequencies($0.prompt) }, train: train,
                                              models: ["m"], queries: [ReferenceRouter.featurizer.termFrequencies("red apple")], k: 1)
        #expect(near[0][0] == 1)
    }
}
