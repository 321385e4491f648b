import Foundation
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import Testing

/// The one route → server → stream path `herd ask` and the TUI share, against the fixture server.
@Suite struct ReplyPathTests {
    static let flavors: [FixtureServer.Flavor] = [.openAI, .ollama]

    /// The reply path over `f`'s members, each first passed through `adjust` (what a config would set).
    static func path(_ f: FixtureServer, members adjust: (Member) -> Member = { $0 }) async throws -> ReplyPath {
        let discovery = try await HerdRuntime.discover(cliServers: [f.baseURL], configServers: [], streamTimeout: 5)
        let runtime = HerdRuntime(discovery: discovery)
        return ReplyPath(runtime: runtime, members: runtime.members.map(adjust), router: Router(model: nil))
    }

    @Test(arguments: flavors) func decidesAndStreamsTheChosenMembersReply(flavor: FixtureServer.Flavor) async throws {
        try await FixtureServer.with(flavor) { f in
            f.setReply(.tokens(["from", " alpha"]), for: "alpha")
            f.setReply(.tokens(["from", " beta"]), for: "beta")
            let path = try await Self.path(f)
            #expect(Set(path.members.map(\.name)) == ["alpha", "beta"])
            if flavor == .ollama {
                // Ollama reports sizes: at λ 0 (quality only) the size prior favours the larger alpha; a high λ the small beta.
                #expect(try path.decide(prompt: "hi", lambda: 0).chosen == "alpha")
                #expect(try path.decide(prompt: "hi", lambda: 5).chosen == "beta")
            }
            let d = try path.decide(prompt: "hi", lambda: 0.3)
            let got = Collected()
            try await path.stream(ChatRequest(model: "ignored", messages: [ChatMessage(role: .user, content: "hi")]),
                                  from: d.chosen) { got.add($0) }
            #expect(got.text == "from \(d.chosen)")
            #expect(got.done)
            // The request names the member's model id, whatever the caller put there.
            #expect(f.requests.last.map { $0.body.contains("\"\(d.chosen)\"") } == true)
        }
    }

    @Test func pinAndExcludeAreHonoured() async throws {
        try await FixtureServer.with(.openAI) { f in
            let path = try await Self.path(f)
            #expect(try path.decide(prompt: "hi", lambda: 0, pin: "beta").chosen == "beta")
            #expect(try path.decide(prompt: "hi", lambda: 0, exclude: ["alpha"]).chosen == "beta")
            #expect(throws: HerdError.noMembers("no reachable member can take the message")) {
                try path.decide(prompt: "hi", lambda: 0, exclude: ["alpha", "beta"])
            }
        }
    }

    @Test func aServerErrorEndsTheStreamWithItsMessage() async throws {
        try await FixtureServer.with(.openAI) { f in
            f.setReply(.error(status: 503, body: "{\"error\":{\"message\":\"loading model\"}}"), for: "alpha")
            let path = try await Self.path(f)
            await #expect(throws: HerdError.self) {
                try await path.stream(ChatRequest(model: "alpha", messages: []), from: "alpha") { _ in }
            }
            #expect(throws: HerdError.noMembers("gamma is not reachable")) { try path.server(for: "gamma") }
        }
    }
}

/// Events a stream handed over, from whichever task.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String] = []
    private var finished = false

    func add(_ e: StreamEvent) {
        lock.withLock {
            switch e {
            case let .token(t): tokens.append(t)
            case .done: finished = true
            }
        }
    }

    var text: String { lock.withLock { tokens.joined() } }
    var done: Bool { lock.withLock { finished } }
}
