import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

@Suite struct DiscoveryTests {
    @Test func detectsEachProtocol() async throws {
        try await FixtureServer.with(.ollama) { o in
            try await FixtureServer.with(.openAI) { a in
                #expect(await Backends.server(for: ServerEndpoint(baseURL: o.baseURL)) is OllamaServer)
                #expect(await Backends.server(for: ServerEndpoint(baseURL: a.baseURL + "/v1/")) is OpenAIServer)
                let detected = await Backends.server(for: ServerEndpoint(baseURL: o.baseURL))
                #expect(detected.endpoint.proto == .ollama)
            }
        }
    }

    @Test func givenProtocolSkipsDetection() async throws {
        try await FixtureServer.with(.ollama) { o in
            let s = await Backends.server(for: ServerEndpoint(baseURL: o.baseURL, proto: .openAI))
            #expect(s is OpenAIServer)
            #expect(o.requests.isEmpty, "no probe when the protocol is given")
        }
    }

    @Test func detectingAnOpenAIServerListsItsModelsOnce() async throws {
        try await FixtureServer.with(.openAI) { a in
            let r = await Discovery.run(endpoints: [ServerEndpoint(baseURL: a.baseURL)], timeout: 2)
            #expect(r.servers.first?.proto == .openAI)
            #expect(r.members.map(\.name) == ["alpha", "beta"])
            #expect(r.members.first?.loaded == true)
            // The list fetched while detecting is the one used: one /v1/models request, not two.
            #expect(a.requests.filter { $0.path == "/v1/models" }.count == 1)
        }
    }

    @Test func runListsServersAndChatMembers() async throws {
        try await FixtureServer.with(.ollama) { o in
            try await FixtureServer.with(.openAI) { a in
                let dead = ServerEndpoint(baseURL: "http://127.0.0.1:1")
                let r = await Discovery.run(endpoints: [ServerEndpoint(baseURL: o.baseURL), ServerEndpoint(baseURL: a.baseURL), dead],
                                            timeout: 2)
                #expect(r.servers.map(\.proto) == [.ollama, .openAI, nil])
                #expect(r.servers.map(\.reachable) == [true, true, false])
                #expect(r.servers[2].error?.contains("127.0.0.1:1") == true)
                #expect(r.servers[0].models.count == 3, "embedders are listed with the server")
                // Embedders are not members; a model both servers offer (nothing tells the copies
                // apart) is one member with two replicas.
                #expect(r.members.map(\.name) == ["alpha", "beta"])
                #expect(r.members[0].replicas.map(\.baseURL) == [o.baseURL, a.baseURL])
                #expect(r.members[0].sizeB == 8.0)
                #expect(r.members[0].loaded == true)
                let s = try #require(r.server(at: r.members[0].replicas[1].baseURL))
                #expect(s is OpenAIServer)
                #expect(await ask(s, r.members[0].modelID).text == "Hello from the fixture.")
            }
        }
    }

    @Test func serverThatSpeaksNeitherProtocol() async throws {
        try await FixtureServer.with(.openAI) { a in
            a.setPathReply("/v1/models", status: 404, body: "not here")
            let r = await Discovery.run(endpoints: [ServerEndpoint(baseURL: a.baseURL)], timeout: 2)
            #expect(r.servers[0].reachable)
            #expect(r.servers[0].proto == nil)
            #expect(r.servers[0].error?.contains("neither") == true)
            #expect(r.members.isEmpty)
        }
    }

    @Test func defaultEndpointsHonourEnvironment() {
        let none = Discovery.defaultEndpoints(environment: [:])
        #expect(none.map(\.0.baseURL) == ["http://127.0.0.1:11434", "http://127.0.0.1:8080", "http://127.0.0.1:1234", "http://127.0.0.1:8000"])
        #expect(none.allSatisfy { $0.1 })
        let env = Discovery.defaultEndpoints(environment: ["OLLAMA_HOST": "0.0.0.0:5555", "OPENAI_BASE_URL": "http://127.0.0.1:9999/v1"])
        let extra = env.filter { !$0.1 }.map(\.0)
        #expect(extra.map(\.baseURL) == ["http://127.0.0.1:5555", "http://127.0.0.1:9999"])
        #expect(extra.map(\.proto) == [.ollama, .openAI])
        // OLLAMA_HOST on the default port replaces the default entry instead of doubling it.
        let same = Discovery.defaultEndpoints(environment: ["OLLAMA_HOST": "127.0.0.1"])
        #expect(same.count == 4)
        #expect(same[0].0.proto == .ollama && same[0].1 == false)
    }

    @Test func discoveryWithNoEndpointsProbesTheEnvironmentServer() async throws {
        try await FixtureServer.with(.ollama) { o in
            let r = await Discovery.run(endpoints: [], timeout: 1, environment: ["OLLAMA_HOST": "127.0.0.1:\(o.port)"])
            let found = try #require(r.servers.first { $0.endpoint.baseURL == o.baseURL })
            #expect(found.reachable && found.proto == .ollama && !found.probedByDefault)
            #expect(r.members.contains { $0.name == "alpha" && $0.endpoint.baseURL == o.baseURL })
        }
    }
}

/// When two servers' listings of one model id are the same model (replicas) and when they are not.
@Suite struct ReplicaGroupingTests {
    static func status(_ port: Int, _ models: [ModelInfo]) -> ServerStatus {
        ServerStatus(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:\(port)"), proto: .ollama, reachable: true, models: models)
    }

    @Test func sameDigestOrSameSizeAndQuantizationGroups() {
        let a = Self.status(1, [ModelInfo(id: "m", sizeB: 8, quantization: "Q4_K_M", digest: "abc"), ModelInfo(id: "n", sizeB: 1)])
        let b = Self.status(2, [ModelInfo(id: "m", sizeB: 8, quantization: "Q4_K_M", digest: "abc"), ModelInfo(id: "n")])
        let c = Self.status(3, [ModelInfo(id: "m", sizeB: 8, quantization: "Q4_K_M", digest: "def"), ModelInfo(id: "n", sizeB: 1, quantization: "Q8_0")])
        let d = Self.status(4, [ModelInfo(id: "n", sizeB: 7)])
        let members = Discovery.members(of: [a, b, c, d])
        #expect(members.map(\.name) == ["m", "n", "m@127.0.0.1:3", "n@127.0.0.1:4"])
        #expect(members[0].replicas.map(\.name) == ["127.0.0.1:1", "127.0.0.1:2"], "same digest")
        #expect(members[1].replicas.map(\.name) == ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"],
                "a size reported by one server only, or a quantization by one only, does not tell them apart")
        #expect(members[2].replicas.map(\.name) == ["127.0.0.1:3"], "another digest: other weights under the same name")
        #expect(members[3].replicas.map(\.name) == ["127.0.0.1:4"], "another size")
    }
}
