import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// `herd ask --compare K` against the real llama-server: K members answer at once, all printed.
@Suite struct AskCompareCLITests {
    struct Answer: Decodable { var member: String; var text: String; var error: String? }
    struct Result: Decodable { var prompt: String; var answers: [Answer] }

    @Test func compareGivesEveryAnswerAsJSON() async throws {
        try await LlamaServer.with { llama in
            let run = try await HerdRun.run(["ask", "--compare", "2", "--json", "--server", llama.baseURL, "hi"])
            #expect(run.status == .exited(0), "\(run.stderr)")
            let result = try JSONDecoder().decode(Result.self, from: Data(run.stdout.utf8))
            #expect(result.answers.count == 2)
            #expect(Set(result.answers.map(\.member)).count == 2)
            let scripted = ["tiny-a": "Hello from tiny-a!", "tiny-b": "Greetings from tiny-b, the middle sibling."]
            for a in result.answers {
                #expect(a.error == nil)
                if let want = scripted[a.member] { #expect(a.text == want) } else { #expect(!a.text.isEmpty, "\(a.member)") }
            }
            // Plain output: each answer under its member.
            let plain = try await HerdRun.run(["ask", "--compare", "3", "--server", llama.baseURL, "hi"])
            #expect(plain.status == .exited(0), "\(plain.stderr)")
            #expect(plain.stdout.components(separatedBy: "── ").count - 1 >= 3, "\(plain.stdout)")
            // llama-server reports its slots on /props; herd holds its streams to them.
            #expect(await ServerSlots.probe(ServerEndpoint(baseURL: llama.baseURL), model: "tiny-a") == 2)
        }
    }

    @Test(arguments: ["1", "5", "x"]) func aWidthOutOfRangeIsRefused(k: String) async throws {
        let run = try await HerdRun.run(["ask", "--compare", k, "--server", "http://127.0.0.1:1", "hi"])
        #expect(run.status != .exited(0))
        #expect(run.stderr.contains("--compare") || run.stderr.contains("compare"), "\(run.stderr)")
    }
}
