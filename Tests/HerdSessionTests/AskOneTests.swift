import Foundation
import HerdCore
import HerdSession
import HerdTestSupport
import Testing

/// Plain `herd ask`: one member's answer, driven directly against fixture servers.
@Suite struct AskOneTests {
    static func run(_ path: ReplyPath, pin: String? = nil, json: Bool = false, fromCache: Bool = false,
                    options: GenerationOptions = GenerationOptions(), output: CapturedOutput) async throws {
        let decision = try path.decide(prompt: "hi", lambda: 0, pin: pin)
        try await AskOne.run(path: path, prompt: "hi", decision: decision, pinned: pin != nil, options: options, json: json,
                             fromCache: fromCache, announce: true, output: output)
    }

    @Test func theAnswerStreamsToStdoutAndWhoAnswersToStderr() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["from", " alpha"]), for: "alpha")
            let path = try await ReplyPathTests.path(f)
            let routed = CapturedOutput()
            try await Self.run(path, output: routed)
            #expect(routed.stdout == "from alpha\n")
            // Routed: the router's confidence; pinned: none, since the router did not choose.
            #expect(routed.stderr.hasPrefix("→ alpha (auto 0."), "\(routed.stderr)")
            let pinned = CapturedOutput()
            try await Self.run(path, pin: "alpha", output: pinned)
            #expect(pinned.stderr == "→ alpha (pinned)\n")
            let piped = CapturedOutput(terminal: false)
            try await Self.run(path, output: piped)
            #expect(piped.stderr.isEmpty, "\(piped.stderr)")
        }
    }

    @Test func anOptionTheServerCannotTakeIsNamedOnStderr() async throws {
        try await FixtureServer.with(.openAI) { f in
            let path = try await ReplyPathTests.path(f)
            var options = GenerationOptions()
            options.contextSize = 4096
            let out = CapturedOutput(terminal: false)
            try await Self.run(path, pin: "alpha", options: options, output: out)
            #expect(out.stderr.contains("herd: num_ctx is not sent to"), "\(out.stderr)")
        }
    }

    @Test func aReplicaDyingMidwayIsNotedOnStderrAndListedInJSON() async throws {
        try await FailoverTests.withReplicaDyingMidway { a, b, path in
            let out = CapturedOutput()
            try await Self.run(path, pin: "alpha", output: out)
            #expect(out.stdout == "one two three four\n")
            #expect(out.stderr.contains("\nherd: ↪ "), "\(out.stderr)")

            a.setReply(FailoverTests.dying(after: ["one", " two"]), for: "alpha")
            b.setReply(FailoverTests.dying(after: ["one", " two"]), for: "alpha")
            let json = CapturedOutput()
            // Both replicas die: the partial answer is printed, then the command fails.
            await #expect(throws: HerdError.self) { try await Self.run(path, pin: "alpha", json: true, output: json) }
            let result = try JSONDecoder().decode(AskResult.self, from: Data(json.stdout.utf8))
            #expect(result.text.hasPrefix("one two"))
            #expect(result.error != nil)
            #expect(result.failovers?.isEmpty == false, "\(result)")
        }
    }

    @Test func aRememberedServerThatFailsBeforeTheFirstTokenAsksForDiscovery() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setReply(.error(status: 503, body: "{\"error\":{\"message\":\"gone\"}}"), for: "alpha")
            let path = try await ReplyPathTests.path(f)
            let out = CapturedOutput()
            await #expect(throws: AskAttempt.staleServers) { try await Self.run(path, pin: "alpha", fromCache: true, output: out) }
            #expect(out.stdout.isEmpty)
            // Not remembered: the server's own error.
            await #expect(throws: HerdError.self) { try await Self.run(path, pin: "alpha", output: CapturedOutput()) }
        }
    }
}
