import Foundation
import HerdCore
import Testing
@testable import HerdRouter

@Suite struct RouterTrainingTests {
    static let endpoint = ServerEndpoint(baseURL: "http://127.0.0.1:9")

    static func herd(_ names: [(String, Double)]) -> [Member] {
        names.map { Member(name: $0.0, endpoint: endpoint, sizeB: $0.1) }
    }

    @Test func routesByTheWordThatDecides() throws {
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                            config: SyntheticData.smallConfig)
        let router = Router(model: model)
        let members = Self.herd([("coder", 8), ("poet", 8)])
        for prompt in ["python please help me today", "write a quick python list", "my friend wants python now"] {
            let d = router.decide(prompt: prompt, members: members, lambda: 0)
            #expect(d.chosen == "coder", "\(prompt): \(d.scores)")
            #expect(d.score(of: "coder")!.confidence! > 0.7)
            #expect(d.score(of: "poet")!.confidence! < 0.3)
        }
        for prompt in ["a sonnet about today", "write me a short sonnet", "sonnet with some nice idea"] {
            #expect(router.decide(prompt: prompt, members: members, lambda: 0).chosen == "poet", "\(prompt)")
        }
        let d = router.decide(prompt: "python please", members: members, lambda: 0)
        #expect(d.reason.contains("python"), "reason: \(d.reason)")
        #expect(d.micros > 0)
        #expect(d.runnerUp == "poet")
        #expect(d.scores.allSatisfy { !$0.isPrior })
    }

    @Test func selectionHonoursLambdaPinsAndAvailability() throws {
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                            config: SyntheticData.smallConfig)
        let router = Router(model: model)
        // The coder is 10× the size of the poet: a high λ makes the cheap member win even on code.
        let members = Self.herd([("coder", 80), ("poet", 8)])
        #expect(router.decide(prompt: "python help", members: members, lambda: 0).chosen == "coder")
        let costly = router.decide(prompt: "python help", members: members, lambda: 5)
        #expect(costly.chosen == "poet")
        let u = costly.score(of: "coder")!
        #expect(abs(u.utility! - (u.confidence! - 5 * 1.0)) < 1e-9)
        let pinned = router.decide(prompt: "python help", members: members, lambda: 0, pinned: "poet")
        #expect(pinned.chosen == "poet" && pinned.routerChoice == "coder" && pinned.mode == .pinned)
        let down = router.decide(prompt: "python help", members: members, lambda: 0, unavailable: ["coder"])
        #expect(down.chosen == "poet")
        #expect(down.score(of: "coder")!.available == false)
        // A member with no routing data gets a labelled prior.
        let withNew = Self.herd([("coder", 8), ("poet", 8), ("newcomer", 70)])
        let d = router.decide(prompt: "python help", members: withNew, lambda: 0)
        #expect(d.score(of: "newcomer")!.isPrior)
        #expect(!d.score(of: "coder")!.isPrior)
    }

    @Test func coldStartUsesSizePriors() {
        let router = Router(model: nil)
        let members = Self.herd([("small", 3), ("large", 70)])
        let d = router.decide(prompt: "anything", members: members, lambda: 0)
        #expect(d.scores.allSatisfy { $0.isPrior })
        #expect(d.chosen == "large")
        #expect(d.score(of: "large")!.confidence! > d.score(of: "small")!.confidence!)
        #expect(router.decide(prompt: "anything", members: members, lambda: 2).chosen == "small")
        #expect(router.version == "prior")
    }

    @Test func feedbackUpdatesAtOnceAndIsKept() throws {
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                            config: SyntheticData.smallConfig)
        let router = Router(model: model)
        let members = Self.herd([("coder", 8), ("poet", 8)])
        let prompt = "python help me today"
        let before = router.decide(prompt: prompt, members: members, lambda: 0).score(of: "coder")!.confidence!
        for _ in 0..<5 { router.feedback(prompt: prompt, member: "coder", outcome: 0) }
        let after = router.decide(prompt: prompt, members: members, lambda: 0).score(of: "coder")!.confidence!
        #expect(after < before - 0.02, "before \(before) after \(after)")
        #expect(router.feedbackLog.count == 5)
        #expect(router.feedbackLog.allSatisfy { $0.member == "coder" && $0.outcome == 0 && $0.prompt == prompt })
        // Feedback for a member without data moves its prior.
        let withNew = Self.herd([("coder", 8), ("newcomer", 8)])
        let p0 = router.decide(prompt: prompt, members: withNew, lambda: 0).score(of: "newcomer")!.confidence!
        router.feedback(prompt: prompt, member: "newcomer", outcome: 1)
        let p1 = router.decide(prompt: prompt, members: withNew, lambda: 0).score(of: "newcomer")!.confidence!
        #expect(p1 > p0)
        // Training can replay the kept feedback.
        let replayed = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                               config: SyntheticData.smallConfig, feedback: router.feedbackLog)
        #expect(replayed.feedbackLog.count == 6)
        let r2 = Router(model: replayed)
        #expect(r2.decide(prompt: prompt, members: members, lambda: 0).score(of: "coder")!.confidence! < before - 0.02)
    }

    @Test func evaluationOnSyntheticData() throws {
        let data = SyntheticData.wordRouted(count: 200)
        let train = Array(data[0..<150]), test = Array(data[150...])
        let model = try RouterTrainer.train(examples: train, members: SyntheticData.members, config: SyntheticData.smallConfig)
        let ev = try RouterEvaluator.evaluate(router: Router(model: model), rows: test, members: SyntheticData.members)
        #expect(ev.accuracy > 0.95)
        #expect(ev.oracle.accuracy == 1)
        #expect(abs(ev.bestSingle.accuracy - 0.5) < 0.1)
        // Two members: RouteLLM's APGR is reported (equal accuracies here, so no gap to recover and no CPT).
        #expect(ev.apgr != nil && ev.cpt50 == nil)
        #expect(ev.rows == 50)
    }

    /// The evaluator's figures on four hand-made rows, with a router whose choices the routing test pins down:
    /// the python prompt goes to `coder` (8B), the sonnet prompt to `poet` (20B) at λ = 0, and a large λ
    /// sends everything to `coder`. Every figure below follows from the table by hand.
    @Test func evaluatorFiguresByHand() throws {
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                            config: SyntheticData.smallConfig)
        let py = "python please help me", so = "write me a short sonnet"
        // prompt, coder, poet, reference
        let table: [(String, Double, Double, Double)] = [(py, 1, 0, 0), (py, 1, 1, 1), (so, 0, 1, 0), (so, 0, 0, 1)]
        let rows = table.enumerated().map { i, r in
            RoutingExample(id: "h\(i)", prompt: r.0, scores: ["coder": r.1, "poet": r.2, "ref": r.3])
        }
        let members = [RouterMember(name: "coder", sizeB: 8), RouterMember(name: "poet", sizeB: 20)]
        let ev = try RouterEvaluator.evaluate(router: Router(model: model), rows: rows, members: members, reference: "ref")
        func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }
        // λ = 0: rows 1, 2, 3 right (row 4 has no right answer); sizes 8, 8, 20, 20.
        #expect(near(ev.accuracy, 0.75) && near(ev.effectiveSize, 14))
        #expect(ev.members.map(\.routedShare) == [0.5, 0.5])
        // The reference is wrong on rows 1 and 3; the router is right on both.
        #expect(near(ev.referenceAccuracy, 0.5) && near(ev.rescueRate, 1))
        // Budget 0.4 × 20 = 8: only the all-coder point (accuracy 0.5) fits.
        #expect(near(ev.budget, 8) && near(ev.accuracyAtBudget, 0.5))
        #expect(near(ev.bestSingle.accuracy, 0.5) && near(ev.sizeAtBestSingleAccuracy, 8))
        // Sweep points (8, 0.5) and (14, 0.75): hull area 6·0.625 + 6·0.75 = 8.25 over the range 8…20.
        #expect(near(ev.aiq, 8.25 / 12))
        // The members alone: (8, 0.5) to (20, 0.5), area 12·0.5 over 12.
        #expect(near(ev.membersAIQ, 0.5))
        // Oracle: rows 1–3 right; the cheapest right member is coder, coder, poet; row 4 the cheapest (coder).
        #expect(near(ev.oracle.accuracy, 0.75) && near(ev.oracle.effectiveSize, (8 + 8 + 20 + 8) / 4))
        #expect(ev.rows == 4 && ev.sweep.map(\.effectiveSize) == [8, 14] && ev.costUnit == "B")
    }

    @Test func memberListParsing() throws {
        let list = try RouterMember.parseList("Meta-Llama-3_1-8B-Instruct:8, qwen2.5:7b:7.6")
        #expect(list == [RouterMember(name: "Meta-Llama-3_1-8B-Instruct", sizeB: 8), RouterMember(name: "qwen2.5:7b", sizeB: 7.6)])
        #expect(throws: RouterMemberListError.self) { try RouterMember.parseList("llama:8,phi") }
    }
}
