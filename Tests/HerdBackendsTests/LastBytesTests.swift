import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// No byte lost when a server closes the connection right after its last bytes (a server killed or
/// restarted mid-reply, a proxy that closes at once): everything that reached the socket is decoded.
@Suite struct LastBytesTests {
    @Test(arguments: [FixtureServer.Flavor.openAI, .ollama]) func lastTokenBeforeACloseArrives(flavor: FixtureServer.Flavor) async throws {
        try await LlamaServer.alone {
            try await FixtureServer.with(flavor) { f in
                let e = ServerEndpoint(baseURL: f.baseURL)
                let server: any InlineStreaming = flavor == .openAI ? OpenAIServer(endpoint: e, streamTimeout: 5) : OllamaServer(endpoint: e, streamTimeout: 5)
                let tokens = (0..<30).map { "t\($0) " }
                // The last token and the close leave the server back to back, many times over.
                f.setReply(FixtureReply(steps: tokens.map { .token($0) } + [.drop]), for: "alpha")
                var lost = 0
                for _ in 0..<40 {
                    let got = Tokens()
                    var error: Error?
                    do {
                        // A consumer busy with the first token (a terminal that is slow to take it) while
                        // the rest and the close arrive.
                        try await server.chat(ChatRequest(model: "alpha", messages: [])) { e in
                            if case let .token(t) = e, got.add(t) == 1 { usleep(20_000) }
                        }
                    } catch let e {
                        error = e
                    }
                    if got.all != tokens { lost += 1 }
                    guard case .interrupted? = error as? HerdError else {
                        Issue.record("expected interrupted, got \(String(describing: error))")
                        return
                    }
                }
                #expect(lost == 0, "\(lost) of 40 replies lost their last bytes")
            }
        }
    }
}

/// Tokens seen by a stream's callback.
final class Tokens: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String] = []

    /// Adds one; returns how many there are now.
    func add(_ t: String) -> Int { lock.withLock { tokens.append(t); return tokens.count } }
    var all: [String] { lock.withLock { tokens } }
}
