import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

@Suite struct EmbeddingTests {
    @Test func openAIEmbedsInOrder() async throws {
        try await FixtureServer.with(.openAI) { f in
            let s = OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL))
            let v = try await s.embed(["one", "two", "three"], model: "embedder")
            #expect(v.count == 3)
            #expect(v.allSatisfy { $0.count == 16 })
            #expect(v[0] != v[1])
            #expect(f.requests.count == 1, "one batch")
        }
    }

    @Test func overlongInputIsSplitNotFailed() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setMaxEmbedChars(100)
            let s = OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL))
            let long = Array(repeating: "lorem ipsum dolor", count: 30).joined(separator: " ")  // 539 chars
            let v = try await s.embed(["short", long], model: "embedder")
            #expect(v.count == 2)
            #expect(v[1].count == 16)
            let norm = v[1].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4, "pieces of unit vectors are re-normalised")
            // Every request that succeeded carried inputs within the limit.
            #expect(f.requests.count > 3)
            let short = try await s.embed(["short"], model: "embedder")
            #expect(short[0] == v[0], "texts that fit are embedded whole")
        }
    }

    @Test func otherEmbeddingErrorsAreNotRetried() async throws {
        try await FixtureServer.with(.openAI) { f in
            let s = OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL))
            await #expect(throws: HerdError.unknownModel(server: "127.0.0.1:\(f.port)", model: "nope")) {
                try await s.embed(["x"], model: "nope")
            }
            #expect(f.requests.count == 1)
        }
    }

    @Test func ollamaEmbed() async throws {
        try await FixtureServer.with(.ollama) { f in
            let s = OllamaServer(endpoint: ServerEndpoint(baseURL: f.baseURL))
            let v = try await s.embed(["a", "b"], model: "embedder")
            #expect(v.count == 2 && v[0].count == 16)
            let body = try #require(f.requests.last?.body)
            #expect(body.contains("\"truncate\":true"))
            #expect(f.requests.last?.path == "/api/embed")
        }
    }
}
