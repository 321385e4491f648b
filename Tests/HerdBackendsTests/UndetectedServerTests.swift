import Foundation
@testable import HerdBackends
import HerdCore
import HerdTestSupport
import Synchronization
import Testing

/// A server listed without a protocol that is down at discovery comes up with its replica when it answers.
@Suite struct UndetectedServerTests {
    /// A port nothing listens on now, where a server may start later.
    static func freePort() async throws -> Int {
        let f = try await FixtureServer.start(.openAI)
        let port = f.port
        await f.stop()
        return port
    }

    @Test func aListedServerDownAtDiscoveryJoinsTheFleetWhenItAnswers() async throws {
        let port = try await Self.freePort()
        let later = ServerEndpoint(baseURL: "http://127.0.0.1:\(port)", name: "gpu-b")
        let discovery = await Discovery.run(endpoints: [later], timeout: 1, environment: [:])
        let status = try #require(discovery.status(at: later.baseURL))
        #expect(!status.reachable)
        #expect(status.server is UndetectedServer, "a listed server gets a client that detects its protocol later")

        let now = Mutex(0.0)
        let fleet = Fleet(discovery: discovery, probeTimeout: 2, clock: { now.withLock { $0 } })
        #expect(fleet.snapshot[later.baseURL].state == .down)
        await fleet.probeDueAndWait()
        now.withLock { $0 += 3600 }
        await fleet.probeDueAndWait()
        #expect(fleet.snapshot[later.baseURL].state == .down, "still nothing there")

        let server = try await FixtureServer.start(.ollama, port: port)
        defer { Task { await server.stop() } }
        now.withLock { $0 += 3600 }
        await fleet.probeDueAndWait()
        #expect(fleet.snapshot[later.baseURL].state == .up)
        let client = try #require(fleet.server(at: later.baseURL))
        #expect(client.endpoint.proto == .ollama)
        let reply = await ask(client, "alpha")
        #expect(reply.error == nil)
        #expect(!reply.text.isEmpty)
        #expect(server.requests.contains { $0.path == "/api/chat" })
    }

    @Test func theDefaultPortsGetNoSuchClient() async throws {
        let port = try await Self.freePort()
        let status = await Discovery.probe(ServerEndpoint(baseURL: "http://127.0.0.1:\(port)"), timeout: 1, streamTimeout: 60, byDefault: true)
        #expect(status.server == nil)
    }

    @Test func aRequestBeforeTheServerAnswersSaysItIsUnreachable() async throws {
        let port = try await Self.freePort()
        let s = UndetectedServer(endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:\(port)", name: "gpu-b"), streamTimeout: 60, probeTimeout: 1)
        let reply = await ask(s, "alpha")
        guard case .unreachable(let server, _)? = reply.herdError else {
            Issue.record("expected unreachable, got \(String(describing: reply.error))")
            return
        }
        #expect(server == "gpu-b")
        #expect(s.client == nil)
    }
}
