import Foundation
import HerdCore
import Testing
@testable import HerdRouter

/// Never worse than the best member of at most the same cost: fitted λ ranges, applied alike by
/// the evaluator and by `Router.decide`.
@Suite struct FallbackTests {
    static let members: [RouterEvaluation.MemberFigure] = [
        .init(member: "cheap", sizeB: 10, accuracy: 0.6, routedShare: 0), .init(member: "dear", sizeB: 20, accuracy: 0.7, routedShare: 0),
    ]

    @Test func rangesWhereAMemberAloneBeatsRoutingByHand() {
        // λ 0: 0.65 at cost 18 (only cheap is affordable, 0.6: routing wins); λ 0.3: 0.55 at 14 (cheap wins);
        // λ 0.8: 0.6 at 10 (a tie is no reason to fall back).
        let path: [RouterEvaluation.SweepPoint] = [.init(lambda: 0, accuracy: 0.65, effectiveSize: 18),
                                                   .init(lambda: 0.3, accuracy: 0.55, effectiveSize: 14),
                                                   .init(lambda: 0.5, accuracy: 0.5, effectiveSize: 12),
                                                   .init(lambda: 0.8, accuracy: 0.6, effectiveSize: 10)]
        let f = LambdaFallback.fit(path: path, members: Self.members, fittedOn: "dev")
        #expect(f == [LambdaFallback(from: 0.3, to: 0.8, member: "cheap", memberAccuracy: 0.6, routerAccuracy: 0.5, fittedOn: "dev")])
        #expect(f[0].reason == "fallback to cheap: at λ 0.3–0.8 it alone beat routing on dev (0.600 vs 0.500)")
        let applied = LambdaFallback.apply(f, to: path, members: Self.members)
        #expect(applied.map(\.lambda) == [0, 0.3, 0.8] && applied.map(\.accuracy) == [0.65, 0.6, 0.6])
        // After the fallback no point is below the best member it can afford.
        for p in applied {
            let best = Self.members.filter { $0.sizeB <= p.effectiveSize }.map(\.accuracy).max() ?? 0
            #expect(p.accuracy >= best)
        }
        // An open-ended range: routing at the cheapest end worse than the cheapest member.
        let tail = LambdaFallback.fit(path: [.init(lambda: 0, accuracy: 0.5, effectiveSize: 10)], members: Self.members, fittedOn: "dev")
        #expect(tail.count == 1 && tail[0].to == nil && tail[0].covers(1e9))
    }

    @Test func decideAndEvalFallBackAndSaySo() throws {
        var model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members, config: SyntheticData.smallConfig)
        model.fallbacks = [LambdaFallback(from: 0, to: 0.5, member: "poet", memberAccuracy: 0.9, routerAccuracy: 0.5, fittedOn: "dev")]
        let path = RouterFileTests.tempPath("fallback")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let router = try Router.load(path: path)
        #expect(router.model?.fallbacks == model.fallbacks)
        let herd = RouterTrainingTests.herd([("coder", 8), ("poet", 8)])
        let d = router.decide(prompt: "python please", members: herd, lambda: 0.1)
        #expect(d.chosen == "poet" && d.reason.hasPrefix("fallback to poet"), "\(d.reason)")
        #expect(router.decide(prompt: "python please", members: herd, lambda: 0.6).chosen == "coder")
        // Another herd was not what the ranges were fitted for.
        let other = RouterTrainingTests.herd([("coder", 8), ("poet", 8), ("third", 8)])
        #expect(router.decide(prompt: "python please", members: other, lambda: 0.1).chosen == "coder")
        // Unavailable: routing goes on.
        #expect(router.decide(prompt: "python please", members: herd, lambda: 0.1, unavailable: ["poet"]).chosen == "coder")
        // The evaluator applies the same range: at λ = 0 every question goes to poet.
        let rows = SyntheticData.wordRouted(count: 40, seed: 99)
        let ev = try RouterEvaluator.evaluate(router: router, rows: rows, members: SyntheticData.members)
        #expect(ev.members.map(\.routedShare) == [0, 1] && abs(ev.accuracy - 0.5) < 1e-12)
        let without = try RouterEvaluator.evaluate(router: router, rows: rows, members: SyntheticData.members, useFallbacks: false)
        #expect(without.accuracy > 0.9)
    }

    @Test func fittingOnHeldOutRowsNeverLeavesRoutingBelowAnAffordableMember() throws {
        // A router trained on too little data to route well, checked on rows it did not see.
        let data = SyntheticData.wordRouted(count: 300, seed: 3)
        var config = SyntheticData.smallConfig
        config.latent.epochs = 1
        let model = try RouterTrainer.train(examples: Array(data[0..<12]), members: SyntheticData.members, config: config)
        let held = Array(data[100..<300])
        var fitted = model
        fitted.fallbacks = try RouterTrainer.fitFallbacks(model: model, rows: held, fittedOn: "held")
        let ev = try RouterEvaluator.evaluate(router: Router(model: fitted), rows: held, members: SyntheticData.members)
        let all = RouterEvaluator.lambdaPath(table: try EvaluationTable(rows: held, members: SyntheticData.members),
                                             probabilities: RouterEvaluator.confidences(router: Router(model: model),
                                                                                        table: try EvaluationTable(rows: held, members: SyntheticData.members)))
        let applied = LambdaFallback.apply(fitted.fallbacks, to: all.points, members: ev.members)
        for p in applied {
            let best = ev.members.filter { $0.sizeB <= p.effectiveSize + 1e-12 }.map(\.accuracy).max() ?? 0
            #expect(p.accuracy >= best - 1e-12, "λ \(p.lambda): \(p.accuracy) < \(best)")
        }
    }
}
