import Foundation
import HerdCore
import HerdSession
import HerdTestSupport
import Testing

/// `herd ask --cascade`'s loop, driven directly against the Ollama fixture: there `beta` (0.5 B) is
/// the cheap member and `alpha` (8 B) the more confident one, so at λ 5 the cascade starts with beta.
@Suite struct AskCascadeTests {
    static let prompt = "What is the capital of France?"

    /// Runs the cascade over `f`'s members, each first passed through `adjust` (what a config would set).
    static func run(_ f: FixtureServer, json: Bool = false, output: CapturedOutput,
                    members adjust: (Member) -> Member = { $0 }) async throws {
        let path = try await ReplyPathTests.path(f, members: adjust)
        let decision = try path.decide(prompt: prompt, lambda: 5)
        try await AskCascade.run(path: path, prompt: prompt, decision: decision, thresholds: [:], options: GenerationOptions(),
                                 json: json, announce: true, output: output)
    }

    @Test func aRefusalGoesToTheStrongerMemberWithTheReasonOnStderr() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["I'm sorry,", " I cannot", " help with that."]), for: "beta")
            f.setReply(.tokens(["Paris", "."]), for: "alpha")
            let out = CapturedOutput()
            try await Self.run(f, output: out)
            #expect(out.stdout == "I'm sorry, I cannot help with that.\n\nParis.\n")
            #expect(out.stderr.hasPrefix("→ beta (cascade"), "\(out.stderr)")
            #expect(out.stderr.contains("herd: ↪ beta: refusal → asking alpha\n"), "\(out.stderr)")
            #expect(out.stderr.contains("→ alpha (cascade"), "\(out.stderr)")
        }
    }

    @Test func aFailedStepMovesOnAndJSONListsEveryStep() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.error(status: 500, body: "{\"error\":\"out of memory\"}"), for: "beta")
            f.setReply(.tokens(["Paris", "."]), for: "alpha")
            let out = CapturedOutput()
            try await Self.run(f, json: true, output: out)
            #expect(out.stderr.isEmpty, "--json writes no notices: \(out.stderr)")
            let result = try JSONDecoder().decode(AskResult.self, from: Data(out.stdout.utf8))
            #expect(out.stdout.hasSuffix("}\n") && out.stdout.filter { $0 == "\n" }.count == 1, "one JSON line")
            #expect(result.member == "alpha")
            #expect(result.text == "Paris.")
            #expect(result.decision.mode == .cascade)
            #expect(result.decision.chosen == "alpha")
            let steps = try #require(result.cascade)
            #expect(steps.map(\.member) == ["beta", "alpha"])
            #expect(steps[0].weak?.hasPrefix("failed: ") == true, "\(steps[0])")
            #expect(steps[0].weak?.contains("out of memory") == true, "\(steps[0])")
            #expect(steps[1] == AskCascadeStep(member: "alpha", text: "Paris.", weak: nil))
        }
    }

    @Test func aWeakLastAnswerIsKeptAndSaysNoStrongerMemberIsLeft() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["I'm sorry,", " I can't."]), for: "beta")
            f.setReply(.tokens(["I cannot", " answer that."]), for: "alpha")
            let out = CapturedOutput(terminal: false)
            try await Self.run(f, output: out)
            #expect(out.stdout == "I'm sorry, I can't.\n\nI cannot answer that.\n")
            #expect(!out.stderr.contains("→ beta ("), "the member line is for a terminal only: \(out.stderr)")
            #expect(out.stderr.hasSuffix("herd: alpha: refusal (no stronger member left)\n"), "\(out.stderr)")
        }
    }

    @Test func theLastStepFailingFailsTheCommand() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["I'm sorry,", " I can't."]), for: "beta")
            f.setReply(.error(status: 503, body: "{\"error\":\"loading model\"}"), for: "alpha")
            let out = CapturedOutput()
            await #expect(throws: HerdError.self) { try await Self.run(f, output: out) }
            #expect(out.stdout.hasPrefix("I'm sorry, I can't."))
        }
    }

    /// The log-probability signal over both protocols (`logprobs`, as llama-server and Ollama send it),
    /// with the default threshold and with the member's own (`weak_logprob` in the config).
    @Test(arguments: [FixtureServer.Flavor.openAI, .ollama])
    func aLowLogprobEscalatesUnlessTheMembersOwnThresholdIsLower(flavor: FixtureServer.Flavor) async throws {
        try await FixtureServer.with(flavor) { f in
            var unsure = FixtureReply.tokens(["Maybe", " five?"])
            unsure.logprob = -2.4
            f.setReply(unsure, for: "beta")
            var sure = FixtureReply.tokens(["It is", " 4."])
            sure.logprob = -0.1
            f.setReply(sure, for: "alpha")
            func ask(betaThreshold: Double?) async throws -> CapturedOutput {
                let out = CapturedOutput()
                try await Self.run(f, output: out) { m in
                    var m = m
                    // llama-server reports no sizes: these make beta the cheap member (as Ollama's sizes do).
                    m.sizeB = m.name == "beta" ? 0.5 : 8
                    if m.name == "beta" { m.weakLogprob = betaThreshold }
                    return m
                }
                return out
            }
            let byDefault = try await ask(betaThreshold: nil)
            #expect(byDefault.stdout == "Maybe five?\n\nIt is 4.\n")
            #expect(byDefault.stderr.contains("herd: ↪ beta: mean log-probability -2.40 < -1.50 → asking alpha"), "\(byDefault.stderr)")
            let chats = f.requests.filter { $0.path == "/v1/chat/completions" || $0.path == "/api/chat" }
            #expect(chats.count == 2 && chats.allSatisfy { $0.body.contains("\"logprobs\":true") })
            let own = try await ask(betaThreshold: -3)
            #expect(own.stdout == "Maybe five?\n")
            #expect(!own.stderr.contains("↪"), "\(own.stderr)")
        }
    }

    @Test func modelOutputReachesTheStreamsInert() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["I'm sorry,", " I cannot\u{1B}]0;pwned\u{07}", " help."]), for: "beta")
            f.setReply(.tokens(["\u{1B}[2JParis", "."]), for: "alpha")
            let out = CapturedOutput()
            try await Self.run(f, output: out)
            #expect(!out.stdout.contains("\u{1B}"), "\(out.stdout.debugDescription)")
            #expect(!out.stderr.contains("\u{1B}"), "\(out.stderr.debugDescription)")
            #expect(out.stdout.contains("Paris."))
        }
    }
}
