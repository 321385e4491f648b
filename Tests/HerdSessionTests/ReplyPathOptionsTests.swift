import Foundation
import HerdConfig
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import Testing

/// The options a reply is asked with: the session's (`/set`, `herd ask --…`) over the member's config
/// entry over `[defaults]`, merged on the path both the TUI and `herd ask` take.
@Suite struct ReplyPathOptionsTests {
    static func lastBody(_ f: FixtureServer) throws -> [String: Any] {
        let sent = try #require(f.requests.last)
        return try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
    }

    @Test(arguments: [FixtureServer.Flavor.openAI, .ollama]) func sessionOverMemberOverDefaults(flavor: FixtureServer.Flavor) async throws {
        try await FixtureServer.with(flavor) { f in
            let discovery = try await HerdRuntime.discover(cliServers: [f.baseURL], configServers: [], streamTimeout: 5)
            let runtime = HerdRuntime(discovery: discovery)
            var member = MemberConfig(name: "alpha")
            member.options = GenerationOptions(temperature: 0.1, maxTokens: 100)
            var config = HerdConfig(members: [member])
            config.defaults = GenerationOptions(temperature: 0.9, topP: 0.5, contextSize: 2048, stop: ["###"])
            let path = ReplyPath(runtime: runtime, members: config.apply(to: runtime.members), router: Router(model: nil))
            let session = GenerationOptions(maxTokens: 7)
            let request = ChatRequest(model: "alpha", messages: [ChatMessage(role: .user, content: "hi")], options: session)
            try await path.stream(request, from: "alpha") { _ in }
            let body = try Self.lastBody(f)
            let fields = flavor == .openAI ? body : try #require(body["options"] as? [String: Any])
            #expect(fields["temperature"] as? Double == 0.1, "the member's entry over [defaults]")
            #expect(fields["top_p"] as? Double == 0.5, "[defaults] where nothing else says")
            #expect(fields[flavor == .openAI ? "max_tokens" : "num_predict"] as? Int == 7, "the session over the member")
            #expect(fields["stop"] as? [String] == ["###"])
            #expect(fields["num_ctx"] as? Int == (flavor == .openAI ? nil : 2048))
            #expect(path.unsent(request, to: "alpha") == (flavor == .openAI ? [.contextSize] : []))
            // beta has no entry: [defaults] only.
            try await path.stream(ChatRequest(model: "beta", messages: []), from: "beta") { _ in }
            let beta = try Self.lastBody(f)
            let betaFields = flavor == .openAI ? beta : try #require(beta["options"] as? [String: Any])
            #expect(betaFields["temperature"] as? Double == 0.9)
        }
    }
}
