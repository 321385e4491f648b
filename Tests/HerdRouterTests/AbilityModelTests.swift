import Foundation
import HerdCore
import Testing
@testable import HerdRouter

@Suite struct AbilityModelTests {
    /// Three models on two topics. Questions vary in difficulty: on easy ones every model is
    /// right, on hard ones every model is wrong; only middling questions tell models apart, and
    /// there `coder` wins on "python" and `poet` on "sonnet"; `average` is in between everywhere.
    static func irtData(count: Int = 240) -> (prompts: [String], y: [Float]) {
        var rng = SplitMix64(seed: 11)
        var prompts: [String] = [], y: [Float] = []
        for i in 0..<count {
            var words = (0..<5).map { _ in SyntheticData.filler[Int(rng.next() % UInt64(SyntheticData.filler.count))] }
            let isCode = i % 2 == 0
            let level = ["easy", "middling", "hard"][(i / 2) % 3]
            words += [isCode ? "python" : "sonnet", level]
            prompts.append(words.joined(separator: " "))
            switch level {
            case "easy": y += [1, 1, 1]
            case "hard": y += [0, 0, 0]
            default: y += isCode ? [1, 0, Float(i % 4 == 0 ? 1 : 0)] : [0, 1, Float(i % 4 == 1 ? 1 : 0)]
            }
        }
        return (prompts, y)
    }

    @Test func learnsWhoIsBetterWhereWithDifficultyExplainedAway() {
        let (prompts, y) = Self.irtData()
        let model = AbilityModel.train(prompts: prompts, y: y, outputs: 3)
        let code = model.relativeScores("write python code now")
        let poem = model.relativeScores("write a sonnet now")
        #expect(code[0] > code[2] && code[2] > code[1], "python: coder, then average, then poet: \(code)")
        #expect(poem[1] > poem[2] && poem[2] > poem[0], "sonnet: poet, then average, then coder: \(poem)")
        // Relative scores: they sum to zero, so how hard a question is never reorders members.
        #expect(abs(code.reduce(0, +)) < 1e-4)
    }

    @Test func trainingIsDeterministicAndSkipsMissingOutcomes() {
        var (prompts, y) = Self.irtData()
        for i in stride(from: 0, to: prompts.count, by: 5) { y[i * 3 + 2] = .nan }
        let a = AbilityModel.train(prompts: prompts, y: y, outputs: 3)
        let b = AbilityModel.train(prompts: prompts, y: y, outputs: 3)
        #expect(a == b)
        #expect(a.w.allSatisfy(\.isFinite) && a.b.allSatisfy(\.isFinite))
    }

    @Test func theRoutersChoiceDoesNotDependOnTheSeed() throws {
        let examples = SyntheticData.wordRouted()
        var choices: [[String]] = []
        for seed: UInt64 in [1, 2, 3] {
            var config = SyntheticData.smallConfig
            config.latent.seed = seed
            let router = Router(model: try RouterTrainer.train(examples: examples, members: SyntheticData.members, config: config))
            let herd = RouterTrainingTests.herd([("coder", 8), ("poet", 8)])
            choices.append(["python please", "a sonnet today", "python sonnet both", "neither"].map {
                router.decide(prompt: $0, members: herd, lambda: 0).chosen
            })
        }
        #expect(choices[0][0] == "coder" && choices[0][1] == "poet")
        #expect(choices.allSatisfy { $0 == choices[0] })
    }

    @Test func aRatingMovesTheAbilityPartForThatMember() throws {
        let router = Router(model: try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members,
                                                           config: SyntheticData.smallConfig))
        let before = router.model!.ability!.relativeScores("python please")
        router.feedback(prompt: "python please", member: "poet", outcome: 1)
        let after = router.model!.ability!.relativeScores("python please")
        #expect(after[1] > before[1])
    }

    @Test func routersWithoutTheAbilityPartStillTrainAndLoad() throws {
        var config = SyntheticData.smallConfig
        config.ability = nil
        let model = try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members, config: config)
        #expect(model.ability == nil)
        let path = RouterFileTests.tempPath("no-ability")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try RouterModel.load(from: path)
        #expect(loaded.ability == nil)
        #expect(Router(model: loaded).decide(prompt: "python please", members: RouterTrainingTests.herd([("coder", 8), ("poet", 8)]),
                                             lambda: 0).chosen == "coder")
    }
}
