import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// Generation options as each protocol carries them: OpenAI's top-level fields, Ollama's `options`.
@Suite struct GenerationWireTests {
    static let all = GenerationOptions(temperature: 0.3, topP: 0.8, maxTokens: 40, contextSize: 4096, stop: ["\n\n", "END"])

    /// The JSON body of the chat request `options` produce on `flavor`.
    static func sentBody(_ flavor: FixtureServer.Flavor, _ options: GenerationOptions) async throws -> [String: Any] {
        try await FixtureServer.with(flavor) { f in
            let e = ServerEndpoint(baseURL: f.baseURL)
            let server: any ModelServer = flavor == .openAI ? OpenAIServer(endpoint: e) : OllamaServer(endpoint: e)
            let r = await collect(server.chat(ChatRequest(model: "alpha", messages: [ChatMessage(role: .user, content: "hi")], options: options)))
            #expect(r.error == nil)
            let sent = try #require(f.requests.last)
            return try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        }
    }

    @Test func openAIFieldsAndNoContextSize() async throws {
        let body = try await Self.sentBody(.openAI, Self.all)
        #expect(body["temperature"] as? Double == 0.3)
        #expect(body["top_p"] as? Double == 0.8)
        #expect(body["max_tokens"] as? Int == 40)
        #expect(body["stop"] as? [String] == ["\n\n", "END"])
        // llama-server, vLLM and LM Studio fix the context when they start: nothing per request.
        for key in ["num_ctx", "n_ctx", "options"] { #expect(body[key] == nil, "\(key)") }
        #expect(Backends.unsent(Self.all, to: OpenAIServer(endpoint: ServerEndpoint(baseURL: "http://x"))) == [.contextSize])
    }

    @Test func ollamaOptionsObject() async throws {
        let body = try await Self.sentBody(.ollama, Self.all)
        let o = try #require(body["options"] as? [String: Any])
        #expect(o["temperature"] as? Double == 0.3)
        #expect(o["top_p"] as? Double == 0.8)
        #expect(o["num_predict"] as? Int == 40)
        #expect(o["num_ctx"] as? Int == 4096)
        #expect(o["stop"] as? [String] == ["\n\n", "END"])
        #expect(Set(o.keys) == ["temperature", "top_p", "num_predict", "num_ctx", "stop"])
        for key in ["temperature", "max_tokens", "stop"] { #expect(body[key] == nil, "\(key) belongs in options") }
        #expect(Backends.unsent(Self.all, to: OllamaServer(endpoint: ServerEndpoint(baseURL: "http://x"))) == [])
    }

    @Test(arguments: [FixtureServer.Flavor.openAI, .ollama]) func unsetOptionsAreNotSent(flavor: FixtureServer.Flavor) async throws {
        let body = try await Self.sentBody(flavor, GenerationOptions())
        for key in ["temperature", "top_p", "max_tokens", "stop", "options", "num_ctx"] { #expect(body[key] == nil, "\(key)") }
        // Only the set ones go: a temperature of 0 is a value, not "unset".
        let one = try await Self.sentBody(flavor, GenerationOptions(temperature: 0))
        let fields = flavor == .openAI ? one : try #require(one["options"] as? [String: Any])
        #expect(fields["temperature"] as? Double == 0)
        #expect(fields["top_p"] == nil)
    }
}
