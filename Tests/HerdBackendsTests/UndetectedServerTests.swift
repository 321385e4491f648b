import Foundation
@testable import HerdBackends
import HerdCore
import HerdTestSupport
import Synchronization
import Testing

/// A server listed without a protocol that gives discovery no answer comes up with its replica when it answers.
@Suite struct UndetectedServerTests {
    /// Nothing listens on port 1.
    static let nobody = "http://127.0.0.1:1"

    @Test func aListedServerThatDidNotAnswerJoinsTheFleetWhenItDoes() async throws {
        try await FixtureServer.with(.ollama) { f in
            // Neither listing answers at discovery (a server still starting, or a proxy in front of it failing).
            for path in ["/api/tags", "/v1/models"] { f.setPathReply(path, status: 503, body: "starting") }
            let listed = ServerEndpoint(baseURL: f.baseURL, name: "gpu-b")
            let discovery = await Discovery.run(endpoints: [listed], timeout: 1, environment: [:])
            let status = try #require(discovery.status(at: listed.baseURL))
            #expect(status.proto == nil)
            #expect(status.server is UndetectedServer, "a listed server gets a client that finds its protocol later")

            let now = Mutex(0.0)
            let fleet = Fleet(discovery: discovery, probeTimeout: 2, clock: { now.withLock { $0 } })
            #expect(fleet.snapshot[listed.baseURL].state == .down)
            now.withLock { $0 += 3600 }
            await fleet.probeDueAndWait()
            #expect(fleet.snapshot[listed.baseURL].state == .down, "it still does not answer")

            for path in ["/api/tags", "/v1/models"] { f.clearPathReply(path) }
            now.withLock { $0 += 3600 }
            await fleet.probeDueAndWait()
            #expect(fleet.snapshot[listed.baseURL].state == .up)
            let client = try #require(fleet.server(at: listed.baseURL))
            #expect(client.endpoint.proto == .ollama)
            let reply = await ask(client, "alpha")
            #expect(reply.error == nil)
            #expect(!reply.text.isEmpty)
            #expect(f.requests.contains { $0.path == "/api/chat" })
        }
    }

    @Test func theDefaultPortsGetNoSuchClient() async throws {
        let status = await Discovery.probe(ServerEndpoint(baseURL: Self.nobody), timeout: 1, streamTimeout: 60, byDefault: true)
        #expect(status.server == nil)
        let listed = await Discovery.probe(ServerEndpoint(baseURL: Self.nobody), timeout: 1, streamTimeout: 60, byDefault: false)
        #expect(listed.server is UndetectedServer)
        #expect(!listed.reachable)
    }

    @Test func aRequestBeforeTheServerAnswersSaysItIsUnreachable() async throws {
        let s = UndetectedServer(endpoint: ServerEndpoint(baseURL: Self.nobody, name: "gpu-b"), streamTimeout: 60, probeTimeout: 1)
        let reply = await ask(s, "alpha")
        guard case .unreachable(let server, _)? = reply.herdError else {
            Issue.record("expected unreachable, got \(String(describing: reply.error))")
            return
        }
        #expect(server == "gpu-b")
        #expect(s.client == nil)
    }
}
