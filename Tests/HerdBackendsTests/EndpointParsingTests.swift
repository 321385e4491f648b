import HerdBackends
import HerdCore
import Testing

@Suite struct EndpointParsingTests {
    @Test func plainURLs() throws {
        let e = try ServerEndpoint.parse("http://127.0.0.1:8080/v1/")
        #expect(e.baseURL == "http://127.0.0.1:8080")
        #expect(e.proto == nil)
        #expect(e.name == "127.0.0.1:8080")
        #expect(try ServerEndpoint.parse("localhost:11434").baseURL == "http://localhost:11434")
    }

    @Test func protocolPrefixes() throws {
        let o = try ServerEndpoint.parse("ollama+http://127.0.0.1:11434")
        #expect(o.proto == .ollama && o.baseURL == "http://127.0.0.1:11434")
        let a = try ServerEndpoint.parse("openai+https://example.test/v1")
        #expect(a.proto == .openAI && a.baseURL == "https://example.test")
    }

    @Test func badValuesNameTheSourceAndTheProblem() {
        #expect(throws: HerdError.badInput(file: "--server", line: nil, cause: "server URL \"grpc://x:1\": scheme must be http or https, not grpc")) {
            try ServerEndpoint.parse("grpc://x:1")
        }
        #expect(throws: HerdError.badInput(file: "--server", line: nil, cause: "server URL \"vllm+http://x:1\": unknown protocol \"vllm\" (use ollama+ or openai+)")) {
            try ServerEndpoint.parse("vllm+http://x:1")
        }
        #expect(throws: HerdError.self) { try ServerEndpoint.parse("  ") }
        #expect(throws: HerdError.self) { try ServerEndpoint.parse("http://host:99999") }
    }

    @Test func cliBeatsEnvironmentAndDuplicatesDrop() throws {
        let env = ["HERD_SERVERS": "http://a:1, ollama+http://b:2 ,,http://a:1/v1"]
        let fromEnv = try Backends.endpoints(cli: [], environment: env)
        #expect(fromEnv.map(\.baseURL) == ["http://a:1", "http://b:2"])
        #expect(fromEnv.map(\.proto) == [nil, .ollama])
        let fromCLI = try Backends.endpoints(cli: ["http://c:3/v1", "http://c:3"], environment: env)
        #expect(fromCLI.map(\.baseURL) == ["http://c:3"])
        #expect(try Backends.endpoints(cli: [], environment: [:]).isEmpty)
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        #expect(throws: HerdError.badInput(file: "HERD_SERVERS", line: nil, cause: "server URL \"ftp://x\": scheme must be http or https, not ftp")) {
            try Backends.endpoints(cli: [], environment: ["HERD_SERVERS": "http://ok:1,ftp://x"])
        }
    }
}
