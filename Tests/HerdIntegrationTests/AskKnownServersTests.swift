import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// `herd ask --model M` over servers it discovered before sends its request at once, and discovers
/// again when what it remembers no longer holds.
@Suite struct AskKnownServersTests {
    @Test func aKnownMemberIsAskedWithoutProbing() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setReply(.tokens(["one", " two"]), for: "alpha")
            let home = TemporaryDirectory("herd-known")
            let first = try await HerdRun.run(["ask", "--model", "alpha", "--server", f.baseURL, "hi"], home: home.path)
            #expect(first.status == .exited(0), "\(first.stderr)")
            #expect(first.stdout == "one two\n")
            #expect(f.requests.contains { $0.path == "/v1/models" }, "the first run discovers")
            #expect(FileManager.default.fileExists(atPath: home.file("data/servers.json")))

            let seen = f.requests.count
            let second = try await HerdRun.run(["ask", "--model", "alpha", "--server", f.baseURL, "hi"], home: home.path)
            #expect(second.status == .exited(0), "\(second.stderr)")
            #expect(second.stdout == "one two\n")
            let paths = f.requests.dropFirst(seen).map(\.path)
            #expect(paths == ["/v1/chat/completions"], "only the answer is asked for: \(paths)")

            // A member the cache does not hold is found by discovering again.
            f.setModels(FixtureModel.defaults + [FixtureModel(id: "gamma", sizeB: 1)])
            f.setReply(.tokens(["three"]), for: "gamma")
            let third = try await HerdRun.run(["ask", "--model", "gamma", "--server", f.baseURL, "hi"], home: home.path)
            #expect(third.status == .exited(0), "\(third.stderr)")
            #expect(third.stdout == "three\n")
        }
    }

    /// The remembered server now speaks another protocol (its port was reused): the request fails before
    /// its first token, the servers are discovered again, the answer comes, and the cache is rewritten.
    @Test func aStaleCacheFallsBackToDiscovery() async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["fresh", " answer"]), for: "alpha")
            let home = TemporaryDirectory("herd-stale")
            let endpoint = ServerEndpoint(baseURL: f.baseURL)
            let wrong = ServerStatus(endpoint: endpoint, proto: .openAI, reachable: true, models: [ModelInfo(id: "alpha")])
            let file = home.file("data/servers.json")
            try KnownServers(targets: [endpoint], result: DiscoveryResult(servers: [wrong], members: Discovery.members(of: [wrong])))
                .save(to: file)

            let run = try await HerdRun.run(["ask", "--model", "alpha", "--server", f.baseURL, "hi"], home: home.path)
            #expect(run.status == .exited(0), "\(run.stderr)")
            #expect(run.stdout == "fresh answer\n")
            #expect(f.requests.first?.path == "/v1/chat/completions", "the remembered protocol was tried first")
            #expect(f.requests.contains { $0.path == "/api/tags" }, "discovered again")
            #expect(KnownServers.load(from: file)?.servers.first?.proto == .ollama, "the cache is rewritten")
        }
    }

    /// Nothing remembered answers: the error is discovery's, as without a cache.
    @Test func aServerGoneIsReportedAsBefore() async throws {
        let home = TemporaryDirectory("herd-gone")
        let endpoint = ServerEndpoint(baseURL: "http://127.0.0.1:1")
        let gone = ServerStatus(endpoint: endpoint, proto: .openAI, reachable: true, models: [ModelInfo(id: "alpha")])
        try KnownServers(targets: [endpoint], result: DiscoveryResult(servers: [gone], members: Discovery.members(of: [gone])))
            .save(to: home.file("data/servers.json"))
        let run = try await HerdRun.run(["ask", "--model", "alpha", "--server", "http://127.0.0.1:1", "hi"], home: home.path)
        #expect(run.status == .exited(1))
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("127.0.0.1:1"), "\(run.stderr)")
    }
}
