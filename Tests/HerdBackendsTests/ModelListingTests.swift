import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

@Suite struct ModelListingTests {
    @Test func openAIModelsWithLoadStateAndEmbedders() async throws {
        try await FixtureServer.with(.openAI) { f in
            let models = try await OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
            #expect(models.map(\.id) == ["alpha", "beta", "embedder"])
            #expect(models.map(\.canChat) == [true, true, false])
            #expect(models.map(\.loaded) == [true, false, false])
        }
    }

    @Test func ollamaModelsWithShowAndPSMetadata() async throws {
        try await FixtureServer.with(.ollama) { f in
            let models = try await OllamaServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
            #expect(models.map(\.id) == ["alpha", "beta", "embedder"])
            let alpha = models[0]
            #expect(alpha.sizeB == 8.0)
            #expect(alpha.quantization == "Q4_K_M")
            #expect(alpha.family == "llama")
            #expect(alpha.contextLength == 8192)
            #expect(alpha.loaded == true)
            #expect(alpha.canChat)
            #expect(models[1].sizeB == 0.5)
            #expect(models[1].family == "qwen2")
            #expect(models[1].contextLength == 32768)
            #expect(models[1].loaded == false)
            #expect(models[2].canChat == false, "capabilities: [embedding] only")
            let paths = Set(f.requests.map(\.path))
            #expect(paths.isSuperset(of: ["/api/tags", "/api/ps", "/api/show"]))
        }
    }

    @Test func ollamaSizeFromParameterSizeWhenShowFails() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setPathReply("/api/show", status: 500, body: #"{"error":"boom"}"#)
            let models = try await OllamaServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
            #expect(models.count == 3)
            #expect(models[0].sizeB == 8.0, "from details.parameter_size \"8.0B\"")
            #expect(abs((models[1].sizeB ?? 0) - 0.5) < 1e-9, "from \"500M\"")
            #expect(models[2].canChat == false, "bert family without capabilities")
        }
    }

    @Test func modelListHTTPErrorIsTyped() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setPathReply("/v1/models", status: 500, body: #"{"error":{"message":"loading"}}"#)
            await #expect(throws: HerdError.http(server: "127.0.0.1:\(f.port)", status: 500, body: "loading")) {
                try await OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
            }
        }
    }

    @Test func modelListThatIsNotJSONIsAProtocolError() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setPathReply("/v1/models", status: 200, body: "<html>hello</html>")
            do {
                _ = try await OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
                Issue.record("expected an error")
            } catch let e as HerdError {
                guard case let .protocolError(_, cause) = e else { Issue.record("got \(e)"); return }
                #expect(cause.contains("/v1/models"))
                #expect(cause.contains("<html>"))
            }
        }
    }

    @Test func healthReflectsReachability() async throws {
        try await FixtureServer.with(.ollama) { f in
            #expect(await OllamaServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).health())
        }
        #expect(await OpenAIServer(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:1"), streamTimeout: 1).health() == false)
    }

    @Test func bearerTokenFromNamedVariable() async throws {
        setenv("HERD_TEST_FIXTURE_KEY", "sk-test-123", 1)
        defer { unsetenv("HERD_TEST_FIXTURE_KEY") }
        try await FixtureServer.with(.openAI) { f in
            let s = OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL, apiKeyEnv: "HERD_TEST_FIXTURE_KEY"))
            _ = try await s.models()
            _ = await ask(s, "alpha")
            #expect(f.requests.count == 2)
            #expect(f.requests.allSatisfy { $0.headers["authorization"] == "Bearer sk-test-123" })
            // Without a variable name, no header.
            _ = try await OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL)).models()
            #expect(f.requests.last?.headers["authorization"] == nil)
        }
    }
}
