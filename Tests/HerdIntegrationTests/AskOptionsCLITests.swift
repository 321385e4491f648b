import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// Generation options from the command line and the config file, through the built `herd ask`, to
/// the request each protocol sends; and against the real llama-server, what they do to the reply.
@Suite struct AskOptionsCLITests {
    /// `herd ask` with its own config file holding `config` (and an empty data folder).
    static func ask(_ arguments: [String], config: String = "") async throws -> ProcessRunner.Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-ask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try config.write(toFile: dir.path + "/config.toml", atomically: true, encoding: .utf8)
        let env = ["HERD_CONFIG=\(dir.path)/config.toml", "HERD_HOME=\(dir.path)/data", "HERD_SERVERS="]
        return try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL"] + env + [try BuiltProduct.path("herd"), "ask"] + arguments)
    }

    static func lastBody(_ f: FixtureServer) throws -> [String: Any] {
        let sent = try #require(f.requests.last { $0.path.hasSuffix("chat") || $0.path.hasSuffix("completions") })
        return try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
    }

    @Test(arguments: [FixtureServer.Flavor.openAI, .ollama]) func flagsOverTheConfigReachTheServer(flavor: FixtureServer.Flavor) async throws {
        try await FixtureServer.with(flavor) { f in
            let config = """
                [defaults]
                temperature = 0.9
                top_p = 0.5
                stop = ["###"]

                [[members]]
                name = "alpha"
                max_tokens = 100
                num_ctx = 2048
                """
            let server = (flavor == .ollama ? "ollama+" : "openai+") + f.baseURL
            let run = try await Self.ask(["--model", "alpha", "--server", server, "--temperature", "0.2", "--stop", "\n\n", "--stop", "END", "hi"],
                                         config: config)
            #expect(run.status == .exited(0), "\(run.stderr)")
            #expect(run.stdout == "Hello from the fixture.\n")
            let body = try Self.lastBody(f)
            let fields = flavor == .openAI ? body : try #require(body["options"] as? [String: Any])
            #expect(fields["temperature"] as? Double == 0.2)
            #expect(fields["top_p"] as? Double == 0.5)
            #expect(fields[flavor == .openAI ? "max_tokens" : "num_predict"] as? Int == 100)
            #expect(fields["stop"] as? [String] == ["\n\n", "END"])
            if flavor == .openAI {
                #expect(body["num_ctx"] == nil)
                #expect(run.stderr.contains("num_ctx is not sent to 127.0.0.1:\(f.port)"), "\(run.stderr)")
            } else {
                #expect(fields["num_ctx"] as? Int == 2048)
                #expect(!run.stderr.contains("num_ctx"), "\(run.stderr)")
            }
        }
    }

    @Test func badFlagsAndBadConfigSayWhatAndWhere() async throws {
        let cases: [([String], String)] = [
            (["--temperature", "3"], "--temperature: temperature must be a number from 0 to 2, not 3"),
            (["--top-p=-1"], "--top-p: top_p must be a number from 0 to 1, not -1"),
            (["--max-tokens", "0"], "--max-tokens: max_tokens must be a whole number of tokens, at least 1, not 0"),
            (["--num-ctx", "99999999999"], "--num-ctx: num_ctx must be a whole number of tokens, from 1 to 16777216, not 99999999999"),
            (["--stop", ""], "--stop: stop must be one or more texts that are not empty"),
        ]
        for (flags, message) in cases {
            let run = try await Self.ask(flags + ["--server", "http://127.0.0.1:1", "hi"])
            #expect(run.status == .exited(2), "\(flags): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(flags): \(run.stderr)")
        }
        let run = try await Self.ask(["--server", "http://127.0.0.1:1", "hi"], config: "[defaults]\n\ntop_p = 1.5\n")
        #expect(run.status != .exited(0))
        #expect(run.stderr.contains("config.toml:3"), "\(run.stderr)")
        #expect(run.stderr.contains("top_p must be a number from 0 to 1, not 1.5"), "\(run.stderr)")
    }

    /// What `herd ask --json` prints (the fields checked here).
    struct Answer: Decodable {
        var text: String
        var finishReason: String?
        var completionTokens: Int?
    }

    /// The real llama-server: a token limit cuts the 200-word story, a stop sequence ends it, over both protocols.
    @Test func maxTokensAndStopChangeARealReply() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8114, upstream: llama.baseURL) { front in
                for server in ["openai+" + llama.baseURL, "ollama+" + front.baseURL] {
                    let cut = try await Self.ask(["--model", "story", "--server", server, "--json", "--max-tokens", "10", "hi"])
                    #expect(cut.status == .exited(0), "\(server): \(cut.stderr)")
                    let a = try JSONDecoder().decode(Answer.self, from: Data(cut.stdout.utf8))
                    #expect(a.finishReason == "length", "\(server)")
                    #expect(a.completionTokens == 10, "\(server)")
                    let story = (0..<200).map { "w\($0)" }.joined(separator: " ")
                    #expect(!a.text.isEmpty && story.hasPrefix(a.text) && a.text.count < 40, "\(server): \(a.text)")

                    let stopped = try await Self.ask(["--model", "story", "--server", server, "--json", "--stop", " w5", "hi"])
                    #expect(stopped.status == .exited(0), "\(server): \(stopped.stderr)")
                    let b = try JSONDecoder().decode(Answer.self, from: Data(stopped.stdout.utf8))
                    #expect(b.text == "w0 w1 w2 w3 w4", "\(server)")
                    #expect(b.finishReason == "stop", "\(server)")
                }
            }
        }
    }
}
