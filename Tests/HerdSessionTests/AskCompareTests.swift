import Foundation
import HerdCore
import HerdSession
import HerdTestSupport
import Testing

/// `herd ask --compare K`'s round, driven directly against the fixture.
@Suite struct AskCompareTests {
    static func run(_ f: FixtureServer, width: Int = 2, json: Bool = false, output: CapturedOutput) async throws {
        let path = try await ReplyPathTests.path(f)
        let decision = try path.decide(prompt: "hi", lambda: 0)
        try await AskCompare.run(path: path, prompt: "hi", decision: decision, width: width, options: GenerationOptions(),
                                 json: json, output: output)
    }

    @Test func everyAnswerIsPrintedUnderItsMemberInTheRoutersOrder() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["from", " alpha"]), for: "alpha")
            f.setReply(.tokens(["from", " beta"]), for: "beta")
            let out = CapturedOutput()
            try await Self.run(f, output: out)
            // At λ 0 the size prior puts the 8 B alpha first.
            let blocks = out.stdout.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(blocks.count == 2, "\(out.stdout)")
            #expect(blocks[0].hasPrefix("── 1 alpha · ") && blocks[0].hasSuffix(" ──\nfrom alpha"), "\(blocks[0])")
            #expect(blocks[1].hasPrefix("── 2 beta · ") && blocks[1].hasSuffix(" ──\nfrom beta"), "\(blocks[1])")
        }
    }

    @Test func aFailedMemberIsShownAndOnlyAllFailingFailsTheCommand() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["from", " alpha"]), for: "alpha")
            f.setReply(.error(status: 500, body: "{\"error\":\"out of memory\"}"), for: "beta")
            let out = CapturedOutput()
            try await Self.run(f, json: true, output: out)
            let result = try JSONDecoder().decode(AskCompareResult.self, from: Data(out.stdout.utf8))
            #expect(result.answers.map(\.member) == ["alpha", "beta"])
            #expect(result.answers[0].text == "from alpha" && result.answers[0].error == nil)
            #expect(result.answers[1].error?.contains("out of memory") == true, "\(result.answers[1])")
            #expect(result.decision.mode == .compare)

            f.setReply(.error(status: 500, body: "{\"error\":\"out of memory\"}"), for: "alpha")
            await #expect(throws: HerdError.self) { try await Self.run(f, output: CapturedOutput()) }
        }
    }
}
