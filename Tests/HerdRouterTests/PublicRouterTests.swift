import Foundation
import HerdCore
import Testing
@testable import HerdRouter

/// The user's router, the shipped public one and the prior, together in one decision.
@Suite struct PublicRouterTests {
    static let endpoint = ServerEndpoint(baseURL: "http://127.0.0.1:9")

    /// A "public" router whose data names the members `Coder-8B-Instruct` and `Poet-8B-Instruct`.
    static func publicModel() throws -> RouterModel {
        let examples = SyntheticData.wordRouted().map { e in
            RoutingExample(id: e.id, prompt: e.prompt, scores: ["Coder-8B-Instruct": e.scores["coder"]!, "Poet-8B-Instruct": e.scores["poet"]!])
        }
        return try RouterTrainer.train(examples: examples, members: [RouterMember(name: "Coder-8B-Instruct", sizeB: 8),
                                                                     RouterMember(name: "Poet-8B-Instruct", sizeB: 8)],
                                       config: SyntheticData.smallConfig)
    }

    @Test func membersAreProfiledAndRoutedOnPublicData() throws {
        let router = Router(model: nil, publicModel: try Self.publicModel())
        let herd = router.profiled([
            Member(name: "coder:8b", endpoint: Self.endpoint, sizeB: 8),
            Member(name: "poet:8b", endpoint: Self.endpoint, sizeB: 8),
            Member(name: "stranger", endpoint: Self.endpoint, sizeB: 70),
        ])
        #expect(herd.map(\.profile) == ["Coder-8B-Instruct", "Poet-8B-Instruct", nil])
        let d = router.decide(prompt: "python please help me today", members: herd, lambda: 0)
        #expect(d.chosen == "coder:8b", "\(d.scores)")
        #expect(d.score(of: "coder:8b")?.source == .publicData(profile: "Coder-8B-Instruct"))
        #expect(d.score(of: "stranger")?.source == .prior)
        #expect(d.score(of: "stranger")?.isPrior == true)
        #expect(d.reason.hasPrefix("public data as Coder-8B-Instruct"), "\(d.reason)")
        #expect(router.decide(prompt: "write me a short sonnet", members: herd, lambda: 0).chosen == "poet:8b")
    }

    @Test func theUsersOwnDataComesFirst() throws {
        let mine = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                           config: SyntheticData.smallConfig)
        let router = Router(model: mine, publicModel: try Self.publicModel())
        var coder = Member(name: "coder", endpoint: Self.endpoint, sizeB: 8)
        coder.profile = "Poet-8B-Instruct"   // a wrong profile: the user's data on "coder" wins over it
        let d = router.decide(prompt: "python please help me", members: [coder], lambda: 0)
        #expect(d.score(of: "coder")?.source == .yourData)
        #expect(d.score(of: "coder")!.confidence! > 0.7)
    }

    @Test func anUnknownSizeNeverOutranksAMemberWithData() throws {
        let router = Router(model: nil, publicModel: try Self.publicModel())
        let herd = router.profiled([
            Member(name: "poet:8b", endpoint: Self.endpoint, sizeB: 8),
            Member(name: "mystery", endpoint: Self.endpoint),
        ])
        for prompt in ["python please help me today", "write me a short sonnet", "hello there"] {
            let d = router.decide(prompt: prompt, members: herd, lambda: 0)
            #expect(d.chosen == "poet:8b", "\(prompt): \(d.scores)")
            #expect(d.score(of: "mystery")!.confidence! < d.score(of: "poet:8b")!.confidence!)
        }
        // Without any member with data, an unknown size is scored as the smallest known one.
        let cold = Router(model: nil)
        let d = cold.decide(prompt: "hello", members: [Member(name: "small", endpoint: Self.endpoint, sizeB: 0.135),
                                                        Member(name: "unknown", endpoint: Self.endpoint)], lambda: 0)
        #expect(d.score(of: "unknown")!.confidence! <= d.score(of: "small")!.confidence!)
    }

    @Test func thePriorReadsSizeFamilyAndTuning() {
        let p = SizePrior.default
        #expect(p.confidence(sizeB: 0.135) > p.confidence(sizeB: 0.003) + 0.05, "a 135M model stays above a 3M one")
        #expect(p.confidence(sizeB: 70) > p.confidence(sizeB: 8))
        #expect(p.confidence(sizeB: 0.27, variant: .base) < p.confidence(sizeB: 0.135, variant: .instruct))
        let fitted = SizePrior.fit([(8, 0.45, "llama"), (70, 0.63, "llama"), (8.5, 0.32, "gemma"), (3.8, 0.42, "phi")])
        #expect(fitted.familyOffsets["gemma"]! < 0 && fitted.familyOffsets["llama"]! > 0)
        #expect(fitted.confidence(sizeB: 2, family: "gemma") < fitted.confidence(sizeB: 2, family: "mystery"))
    }

    /// Issue 11's first message: at the default λ, a 3M scripted toy no longer wins over a 135M instruction
    /// model merely by being cheaper; below 8B, sizes cost about the same to run.
    @Test func inASubBillionHerdTheRealModelIsNotTradedForAToy() {
        let cold = Router(model: nil)
        let herd = [Member(name: "story", endpoint: Self.endpoint, sizeB: 0.003),
                    Member(name: "tiny-a", endpoint: Self.endpoint, sizeB: 0.00004),
                    Member(name: "smollm2-135m", endpoint: Self.endpoint, sizeB: 0.135, instructTuned: true),
                    Member(name: "gemma3-270m", endpoint: Self.endpoint, sizeB: 0.268, instructTuned: false)]
        let d = cold.decide(prompt: "Write a short Python function that reverses a string", members: herd, lambda: .default)
        #expect(d.chosen == "smollm2-135m", "\(d.scores)")
        // Herds of real sizes keep the relative scale: a 70B member costs 1.
        #expect(Router.normalisedCosts(members: [Member(name: "big", endpoint: Self.endpoint, sizeB: 70)], costs: nil, loadPenalty: 0) == [1])
        #expect(Router.normalisedCosts(members: [Member(name: "small", endpoint: Self.endpoint, sizeB: 0.135)], costs: nil, loadPenalty: 0)[0] < 0.02)
    }

    @Test func aBaseModelIsRankedBelowAnInstructModelOfItsSize() {
        let cold = Router(model: nil)
        let herd = [Member(name: "gemma3-270m", endpoint: Self.endpoint, sizeB: 0.268, instructTuned: false),
                    Member(name: "smollm2-135m", endpoint: Self.endpoint, sizeB: 0.135, instructTuned: true)]
        #expect(cold.decide(prompt: "Write a short Python function that reverses a string", members: herd, lambda: 0).chosen == "smollm2-135m")
    }
}
