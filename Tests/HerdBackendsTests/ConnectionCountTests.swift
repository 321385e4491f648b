import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// What a request costs the server in connections.
@Suite struct ConnectionCountTests {
    /// One request, one connection: the pool is HTTP/1.1 from the start, so it does not open a
    /// second connection for the waiting request when the first turns out to be HTTP/1.1 (it did,
    /// and closed it unused, before every first request to a server).
    @Test func aFirstStreamOpensOneConnection() async throws {
        try await FixtureServer.with(.openAI) { f in
            let s = OpenAIServer(endpoint: ServerEndpoint(baseURL: f.baseURL, proto: .openAI))
            let reply = await ask(s, "alpha")
            #expect(reply.error == nil)
            #expect(!reply.text.isEmpty)
            #expect(f.acceptedConnections == 1)
        }
    }
}
