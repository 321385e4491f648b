import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

@Suite struct KnownServersTests {
    /// A discovery of two fixture servers, remembered and read back, gives the same members without a request.
    @Test func standsForTheDiscoveryItRemembers() async throws {
        try await FixtureServer.with(.ollama) { o in
            try await FixtureServer.with(.openAI) { a in
                let targets = [ServerEndpoint(baseURL: o.baseURL), ServerEndpoint(baseURL: a.baseURL)]
                let found = await Discovery.run(endpoints: targets, timeout: 2)
                do {
                    let dir = TemporaryDirectory()
                    let file = dir.file("data/servers.json")
                    try KnownServers(targets: targets, result: found).save(to: file)
                    let before = o.requests.count + a.requests.count
                    let known = try #require(KnownServers.load(from: file)?.result(for: targets, streamTimeout: 60))
                    #expect(known.members == found.members)
                    #expect(known.servers.map(\.proto) == [.ollama, .openAI])
                    #expect(known.servers.allSatisfy { $0.server != nil && $0.reachable })
                    #expect(o.requests.count + a.requests.count == before, "nothing is probed")
                }
            }
        }
    }

    /// Only the same list of servers is answered for: another list, order or a contradicting protocol
    /// means discovering again.
    @Test func answersOnlyForTheSameServers() throws {
        let a = ServerEndpoint(baseURL: "http://127.0.0.1:1111")
        let b = ServerEndpoint(baseURL: "http://127.0.0.1:2222")
        let known = KnownServers(targets: [a, b], result: Self.result([(a, .openAI, ["m"]), (b, .ollama, ["n"])]))
        #expect(known.result(for: [a, b], streamTimeout: 60) != nil)
        #expect(known.result(for: [b, a], streamTimeout: 60) == nil)
        #expect(known.result(for: [a], streamTimeout: 60) == nil)
        #expect(known.result(for: [ServerEndpoint(baseURL: a.baseURL, proto: .ollama), b], streamTimeout: 60) == nil)
        #expect(known.result(for: [ServerEndpoint(baseURL: a.baseURL, proto: .openAI), b], streamTimeout: 60) != nil)
    }

    /// The endpoints' settings are today's (name, key variable, timeout); the file holds no key and no
    /// variable name, only URLs, protocols and models.
    @Test func settingsComeFromTodaysEndpoints() throws {
        let old = ServerEndpoint(baseURL: "https://gpu.example:8443", apiKeyEnv: "OLD_KEY", name: "old")
        let known = KnownServers(targets: [old], result: Self.result([(old, .openAI, ["m"])]))
        let today = ServerEndpoint(baseURL: "https://gpu.example:8443", apiKeyEnv: "GPU_KEY", name: "gpu", timeout: 9)
        let r = try #require(known.result(for: [today], streamTimeout: 60))
        #expect(r.members.first?.endpoint.name == "gpu")
        #expect(r.members.first?.endpoint.apiKeyEnv == "GPU_KEY")
        #expect(r.members.first?.endpoint.timeout == 9)
        #expect(r.members.first?.endpoint.proto == .openAI)
        let text = String(decoding: try JSONEncoder().encode(known), as: UTF8.self)
        #expect(!text.contains("OLD_KEY") && !text.contains("\"old\""), "\(text)")
    }

    /// A missing, damaged or other-version file is no cache, never an error.
    @Test func anUnreadableFileIsNoCache() throws {
        let dir = TemporaryDirectory()
        let file = dir.file("servers.json")
        #expect(KnownServers.load(from: file) == nil)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: file))
        #expect(KnownServers.load(from: file) == nil)
        try Data(#"{"version":99,"probed":[],"servers":[]}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(KnownServers.load(from: file) == nil)
    }

    /// Servers unreachable when remembered are left out, as discovery leaves out their members; a
    /// list with no reachable server stands for nothing.
    @Test func unreachableServersAreLeftOut() throws {
        let a = ServerEndpoint(baseURL: "http://127.0.0.1:1111")
        let down = ServerEndpoint(baseURL: "http://127.0.0.1:2222")
        var result = Self.result([(a, .openAI, ["m"])])
        result.servers.append(ServerStatus(endpoint: down, proto: nil, reachable: false, error: "refused"))
        let known = KnownServers(targets: [a, down], result: result)
        #expect(known.servers.map(\.baseURL) == [a.baseURL])
        #expect(try #require(known.result(for: [a, down], streamTimeout: 60)).members.map(\.name) == ["m"])
        let none = KnownServers(targets: [down], result: DiscoveryResult(servers: [result.servers[1]], members: []))
        #expect(none.result(for: [down], streamTimeout: 60) == nil)
    }

    static func result(_ servers: [(ServerEndpoint, ServerProtocol, [String])]) -> DiscoveryResult {
        let statuses = servers.map { e, p, models in
            ServerStatus(endpoint: e, proto: p, reachable: true, models: models.map { ModelInfo(id: $0) })
        }
        return DiscoveryResult(servers: statuses, members: Discovery.members(of: statuses))
    }
}
