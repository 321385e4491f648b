import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// The OpenAI-compatible client against the real llama-server of `../shared/llm` (herd-up).
@Suite struct LlamaServerOpenAITests {
    @Test func scriptedRepliesAreExact() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL + "/v1", proto: .openAI))
            let expected = [
                "tiny-a": "Hello from tiny-a!",
                "tiny-b": "Greetings from tiny-b, the middle sibling.",
                "tiny-c": "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
            ]
            for (model, reply) in expected.sorted(by: { $0.key < $1.key }) {
                let r = await ask(server, model)
                #expect(r.error == nil, "\(model): \(String(describing: r.error))")
                #expect(r.text == reply, "\(model)")
                #expect(r.tokens.count > 1, "\(model) must stream in several pieces")
                #expect(r.summary?.finishReason == "stop")
                #expect(r.summary?.completionTokens ?? 0 > 0)
            }
        }
    }

    @Test func storyStreams200Words() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let r = await ask(server, "story")
            #expect(r.error == nil)
            let words = r.text.split(separator: " ").map(String.init)
            #expect(words == (0..<200).map { "w\($0)" })
            #expect(r.summary?.completionTokens ?? 0 >= 200)
        }
    }

    @Test func modelsListsChatAndEmbeddingModels() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            // At most 4 models stay loaded and other tests load others: load tiny-a now.
            #expect(await ask(server, "tiny-a").error == nil)
            let models = try await server.models()
            let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
            for id in ["tiny-a", "tiny-b", "tiny-c", "story", "babble"] { #expect(byID[id]?.canChat == true, "\(id)") }
            #expect(byID["all-minilm"]?.canChat == false)
            #expect(byID["tiny-embed"]?.canChat == false)
            #expect(byID["tiny-a"]?.loaded == true)
            // 7 models, at most 4 loaded: some are not.
            #expect(models.contains { $0.loaded == false })
        }
    }

    @Test func embeddingsAre384DimensionalAndLongInputsSplit() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let v = try await server.embed(["a cat sat on the mat", "quarterly tax filing deadline"], model: "all-minilm")
            #expect(v.count == 2)
            #expect(v.allSatisfy { $0.count == 384 })
            // Far beyond the model's 512-token window: the server refuses it whole; the client splits.
            let long = (0..<3000).map { "word\($0 % 50)" }.joined(separator: " ")
            let lv = try await server.embed([long, "short"], model: "all-minilm")
            #expect(lv.count == 2)
            #expect(lv[0].count == 384)
            let norm = lv[0].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-3)
        }
    }

    @Test func unknownModelIsTyped() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let r = await ask(server, "no-such-model")
            #expect(r.error as? HerdError == .unknownModel(server: "127.0.0.1:\(llama.port)", model: "no-such-model"))
        }
    }

    @Test func discoveryDetectsOpenAIAndListsChatMembers() async throws {
        try await LlamaServer.with { llama in
            let result = await Discovery.run(endpoints: [ServerEndpoint(baseURL: llama.baseURL)], timeout: 3)
            #expect(result.servers.count == 1)
            #expect(result.servers[0].proto == .openAI)
            #expect(result.servers[0].reachable)
            let names = Set(result.members.map(\.name))
            #expect(names == ["tiny-a", "tiny-b", "tiny-c", "story", "babble"])
            let server = try #require(result.server(for: result.members.first { $0.name == "tiny-b" }!))
            #expect(await ask(server, "tiny-b").text == "Greetings from tiny-b, the middle sibling.")
        }
    }

    @Test func babbleNeverBreaksTheStream() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let r = await ask(server, "babble", maxTokens: 64)
            #expect(r.error == nil, "\(String(describing: r.error))")
            // Random weights may sample the end-of-generation token before max_tokens.
            #expect(["length", "stop"].contains(r.summary?.finishReason), "\(String(describing: r.summary))")
            #expect(!r.text.isEmpty)
        }
    }
}
