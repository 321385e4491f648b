import Foundation
import HerdTestSupport
import Testing

/// `herd ask --cascade`: the cheap member answers first, a weak answer goes to a more confident one.
@Suite struct AskCascadeCLITests {
    struct Step: Decodable { var member: String; var text: String; var weak: String? }
    struct Mode: Decodable { var mode: String; var chosen: String }
    struct Result: Decodable { var member: String; var text: String; var cascade: [Step]?; var decision: Mode }

    /// On the Ollama fixture `beta` (0.5 B) is cheap and `alpha` (8 B) the more confident: with λ
    /// high the cascade starts with `beta`, whose refusal goes on to `alpha`.
    static func withRefusingBeta(_ body: (FixtureServer) async throws -> Void) async throws {
        try await FixtureServer.with(.ollama) { f in
            f.setReply(.tokens(["I'm sorry,", " I cannot", " help with that."]), for: "beta")
            f.setReply(.tokens(["Paris", "."]), for: "alpha")
            try await body(f)
        }
    }

    @Test func aRefusalGoesToTheNextMember() async throws {
        try await Self.withRefusingBeta { f in
            let run = try await HerdRun.run(["ask", "--cascade", "--lambda", "5", "--json", "--server", f.baseURL, "What is the capital of France?"])
            #expect(run.status == .exited(0), "\(run.stderr)")
            let result = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
            #expect(result.cascade?.map(\.member) == ["beta", "alpha"])
            #expect(result.cascade?.first?.weak == "refusal")
            #expect(result.cascade?.last?.weak == nil)
            #expect(result.member == "alpha")
            #expect(result.text == "Paris.")
            #expect(result.decision.mode == "cascade")
            #expect(f.requests.filter { $0.path == "/api/chat" }.count == 2)

            // Plain: both answers on stdout, a paragraph each; why it moved on goes to stderr.
            let plain = try await HerdRun.run(["ask", "--cascade", "--lambda", "5", "--server", f.baseURL, "What is the capital of France?"])
            #expect(plain.status == .exited(0), "\(plain.stderr)")
            #expect(plain.stdout == "I'm sorry, I cannot help with that.\n\nParis.\n")
            #expect(plain.stderr.contains("↪ beta: refusal → asking alpha"), "\(plain.stderr)")
        }
    }

    @Test func theConfigsRoutingTurnsItOnAndTheFlagOff() async throws {
        try await Self.withRefusingBeta { f in
            let home = TemporaryDirectory("herd-cascade")
            try "[router]\nrouting = \"cascade\"\nlambda = 5\n".write(toFile: home.path + "/config.toml", atomically: true, encoding: .utf8)
            let on = try await HerdRun.run(["ask", "--json", "--server", f.baseURL, "What is the capital of France?"], home: home.path)
            #expect(on.status == .exited(0), "\(on.stderr)")
            #expect(try JSONDecoder().decode(Result.self, from: Data(on.stdout.utf8)).cascade?.map(\.member) == ["beta", "alpha"])
            let off = try await HerdRun.run(["ask", "--no-cascade", "--json", "--server", f.baseURL, "What is the capital of France?"], home: home.path)
            #expect(off.status == .exited(0), "\(off.stderr)")
            let single = try JSONDecoder().decode(Result.self, from: Data(off.stdout.utf8))
            #expect(single.cascade == nil)
            #expect(single.member == "beta", "the router's single choice at λ 5, refusal or not")
        }
    }

    @Test(arguments: [["--model", "alpha"], ["--compare", "2"]])
    func cascadeExcludesPickingTheMembers(other: [String]) async throws {
        let run = try await HerdRun.run(["ask", "--cascade"] + other + ["--server", "http://127.0.0.1:1", "hi"])
        #expect(run.status == .exited(2))
        #expect(run.stderr.contains("--cascade and"), "\(run.stderr)")
    }
}
