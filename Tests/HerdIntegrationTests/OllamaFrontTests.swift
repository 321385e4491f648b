import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// The Ollama client against `../shared/llm/ollama-front.py` (Ollama's native API) in front of the
/// real llama-server of `../shared/llm` (herd-up). Each test has its own front port (8100…8109).
@Suite struct OllamaFrontTests {
    static let scripted = [
        "tiny-a": "Hello from tiny-a!",
        "tiny-b": "Greetings from tiny-b, the middle sibling.",
        "tiny-c": "tiny-c here: I am the largest scripted model, with grouped-query attention and F16 weights.",
    ]

    func ollama(_ front: OllamaFront) -> OllamaServer {
        OllamaServer(endpoint: ServerEndpoint(baseURL: front.baseURL, proto: .ollama))
    }

    @Test func scriptedRepliesStreamOverAPIChat() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8101, upstream: llama.baseURL) { front in
                let server = ollama(front)
                for (model, reply) in Self.scripted.sorted(by: { $0.key < $1.key }) {
                    let r = await ask(server, model)
                    #expect(r.error == nil, "\(model): \(String(describing: r.error))")
                    #expect(r.text == reply, "\(model)")
                    #expect(r.tokens.count > 1, "\(model) must stream in several NDJSON lines")
                    // The final `done: true` line: done_reason, eval_count (one per content line here), eval_duration.
                    let s = try #require(r.summary, "\(model): no done line")
                    #expect(s.finishReason == "stop", "\(model)")
                    #expect(s.completionTokens == r.tokens.count, "\(model)")
                    #expect(s.generationSeconds.map { $0 >= 0 && $0 < 60 } == true, "\(model): \(String(describing: s.generationSeconds))")
                    #expect(s.promptTokens != nil, "\(model): prompt_eval_count")
                }
            }
        }
    }

    @Test func storyStreams200WordsAndMaxTokensEndsWithLength() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8102, upstream: llama.baseURL) { front in
                let server = ollama(front)
                let r = await ask(server, "story")
                #expect(r.error == nil, "\(String(describing: r.error))")
                #expect(r.text.split(separator: " ").map(String.init) == (0..<200).map { "w\($0)" })
                #expect(r.summary?.finishReason == "stop")
                // options.num_predict reaches the model: the stream stops early and says why.
                let short = await ask(server, "story", maxTokens: 5)
                #expect(short.error == nil, "\(String(describing: short.error))")
                #expect(short.summary?.finishReason == "length")
                #expect(short.text.split(separator: " ").count <= 5)
                #expect(r.text.hasPrefix(short.text.trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    @Test func modelsComeFromTagsShowAndPS() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8103, upstream: llama.baseURL) { front in
                let server = ollama(front)
                // Load tiny-b so that at least one model is known to be loaded.
                #expect(await ask(server, "tiny-b").error == nil)
                let models = try await server.models()
                let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
                #expect(Set(byID.keys) == ["tiny-a", "tiny-b", "tiny-c", "story", "babble", "tiny-embed", "all-minilm"])
                // /api/show capabilities: the embedders only embed.
                for id in ["tiny-a", "tiny-b", "tiny-c", "story", "babble"] { #expect(byID[id]?.canChat == true, "\(id)") }
                #expect(byID["all-minilm"]?.canChat == false)
                #expect(byID["tiny-embed"]?.canChat == false)
                // /api/show details, which the front reads from each GGUF header as Ollama does: family
                // (the architecture), parameter_size and quantization_level. No context length is
                // reported (no model_info counts): Herd must not invent one.
                for m in models {
                    #expect(m.family == (m.id == "all-minilm" ? "bert" : "llama"), "\(m.id): \(String(describing: m.family))")
                    #expect((m.sizeB ?? 0) > 0, "\(m.id): \(String(describing: m.sizeB))")
                    #expect(m.quantization == "F32" || m.quantization == "F16", "\(m.id): \(String(describing: m.quantization))")
                    #expect(m.contextLength == nil, "\(m.id)")
                }
                #expect(byID["story"]!.sizeB! > byID["tiny-a"]!.sizeB!, "sizes are the models' own")
                // /api/ps: the load state agrees with what llama-server itself says.
                #expect(byID["tiny-b"]?.loaded == true)
                let upstream = try await OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI)).models()
                for u in upstream {
                    #expect(byID[u.id]?.loaded == u.loaded, "\(u.id): front says \(String(describing: byID[u.id]?.loaded)), llama-server \(String(describing: u.loaded))")
                }
                // At most 4 of the 7 models are loaded at once.
                #expect(models.contains { $0.loaded == false })
            }
        }
    }

    @Test func discoveryDetectsOllamaAndOffersOnlyChatMembers() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8104, upstream: llama.baseURL) { front in
                // No protocol given: the front also serves /v1, so detection must prefer Ollama's /api/tags.
                let result = await Discovery.run(endpoints: [ServerEndpoint(baseURL: front.baseURL)], timeout: 3)
                #expect(result.servers.count == 1)
                let status = try #require(result.servers.first)
                #expect(status.proto == .ollama)
                #expect(status.reachable)
                #expect(status.error == nil)
                #expect(Set(result.members.map(\.name)) == ["tiny-a", "tiny-b", "tiny-c", "story", "babble"])
                #expect(result.members.allSatisfy { $0.loaded != nil }, "every member's load state comes from /api/ps")
                let member = try #require(result.members.first { $0.name == "tiny-c" })
                let server = try #require(result.server(for: member))
                #expect(server is OllamaServer)
                #expect(await ask(server, member.modelID).text == Self.scripted["tiny-c"])
            }
        }
    }

    @Test func embedGives384DimensionsAndSplitsLongInputs() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8105, upstream: llama.baseURL) { front in
                let server = ollama(front)
                let v = try await server.embed(["a cat sat on the mat", "a kitten sat on the rug", "quarterly tax filing deadline"],
                                               model: "all-minilm")
                #expect(v.count == 3)
                #expect(v.allSatisfy { $0.count == 384 })
                func cos(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
                // Real sentence embeddings: the two cat sentences are closer than cat and tax.
                #expect(cos(v[0], v[1]) > cos(v[0], v[2]), "\(cos(v[0], v[1])) vs \(cos(v[0], v[2]))")
                // The same text through the front and straight from llama-server gives the same vector.
                let direct = try await OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
                    .embed(["a cat sat on the mat"], model: "all-minilm")
                #expect(zip(direct[0], v[0]).allSatisfy { abs($0 - $1) < 1e-4 })
                // Far beyond the 512-token window: the front passes the server's refusal on; the client splits.
                let long = (0..<3000).map { "word\($0 % 50)" }.joined(separator: " ")
                let lv = try await server.embed([long], model: "all-minilm")
                #expect(lv.count == 1)
                #expect(lv[0].count == 384)
            }
        }
    }

    @Test func unknownModelIsTyped() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8106, upstream: llama.baseURL) { front in
                let server = ollama(front)
                let r = await ask(server, "no-such-model")
                #expect(r.herdError == .unknownModel(server: "127.0.0.1:\(front.port)", model: "no-such-model"))
                #expect(r.tokens.isEmpty)
                await #expect(throws: HerdError.unknownModel(server: "127.0.0.1:\(front.port)", model: "no-such-embedder")) {
                    try await server.embed(["x"], model: "no-such-embedder")
                }
            }
        }
    }

    @Test func babbleNeverBreaksTheStream() async throws {
        // Random weights: pieces that are not valid UTF-8 on their own (escaped by the servers as
        // U+FFFD or lone surrogates) must not end the stream.
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8100, upstream: llama.baseURL) { front in
                let r = await ask(ollama(front), "babble", maxTokens: 64)
                #expect(r.error == nil, "\(String(describing: r.error))")
                #expect(["length", "stop"].contains(r.summary?.finishReason), "\(String(describing: r.summary))")
                #expect(!r.text.isEmpty)
            }
        }
    }

    @Test func upstreamGoneIsAClearError() async throws {
        // The front answers, but the llama-server behind it does not: an HTTP error naming the front.
        try await OllamaFront.with(port: 8107, upstream: "http://127.0.0.1:8119") { front in
            let r = await ask(ollama(front), "tiny-a")
            #expect(r.tokens.isEmpty)
            let e = try #require(r.herdError, "\(String(describing: r.error))")
            #expect(e.description.contains("127.0.0.1:\(front.port)"), "\(e)")
        }
    }
}
