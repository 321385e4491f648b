import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// A herd served under real Ollama tags, with no config and no training: Herd maps each tag to the
/// public routing data and routes the very first message on it.
@Suite struct RealHerdTagsTests {
    /// Scripted models posing as a real Ollama herd (names and the sizes Ollama would report).
    static let frontArguments = [
        "--alias", "llama3.1:70b=tiny-c", "--details", "llama3.1:70b=70.6B,llama",
        "--alias", "llama3.1:8b=tiny-b", "--details", "llama3.1:8b=8.0B,llama",
        "--alias", "phi3:mini=tiny-a", "--details", "phi3:mini=3.8B,phi3",
        "--alias", "mistral:7b=story", "--details", "mistral:7b=7.2B,llama",
        "--alias", "my-finetune:latest=babble", "--details", "my-finetune:latest=1.1B,llama",
    ]

    struct Models: Decodable {
        struct Row: Decodable {
            var name: String
            var sizeB: Double?
            var profile: String?
            var routedOn: String
        }

        var members: [Row]
    }

    struct Decision: Decodable {
        struct Score: Decodable {
            var member: String
            var confidence: Double?
            var isPrior: Bool
            var source: ConfidenceSource?
        }

        var scores: [Score]
        var chosen: String
        var reason: String
        var lambda: Double
    }

    @Test func ollamaTagsAreMappedAndTheFirstMessageIsRoutedOnData() async throws {
        try await LlamaServer.with { llama in
            try await OllamaFront.with(port: 8112, upstream: llama.baseURL, arguments: Self.frontArguments) { front in
                let models = try await HerdRun.run(["models", "--json", "--server", "ollama+" + front.baseURL])
                #expect(models.status == .exited(0), "\(models.stderr)")
                let rows = try JSONDecoder().decode(Models.self, from: Data(models.stdout.utf8)).members
                let profiles = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.profile) })
                #expect(profiles["llama3.1:70b"] == "Meta-Llama-3_1-70B-Instruct")
                #expect(profiles["llama3.1:8b"] == "Meta-Llama-3_1-8B-Instruct")
                #expect(profiles["phi3:mini"] == "Phi-3-mini-4k-instruct")
                #expect(profiles["mistral:7b"] == "Mistral-7B-Instruct-v0.2")
                #expect(profiles["my-finetune:latest"] == .some(nil), "an unknown model stays unknown")
                #expect(rows.first { $0.name == "llama3.1:8b" }?.routedOn == "public data")
                #expect(rows.first { $0.name == "my-finetune:latest" }?.routedOn == "prior")

                let table = try await HerdRun.run(["models", "--server", "ollama+" + front.baseURL])
                #expect(table.stdout.contains("PROFILE") && table.stdout.contains("Phi-3-mini-4k-instruct"), "\(table.stdout)")

                // The first message of a fresh install: a hard maths question, at λ = 0.
                let prompt = "Find the derivative of f(x) = x^3 sin(x).\nA. 3x^2 cos(x)\nB. 3x^2 sin(x) + x^3 cos(x)\nC. x^3 cos(x)\nD. 3x sin(x)"
                let route = try await HerdRun.run(["route", prompt, "--server", "ollama+" + front.baseURL, "--lambda", "0", "--json"])
                #expect(route.status == .exited(0), "\(route.stderr)")
                let d = try JSONDecoder().decode(Decision.self, from: Data(route.stdout.utf8))
                let byName = Dictionary(uniqueKeysWithValues: d.scores.map { ($0.member, $0) })
                for tag in ["llama3.1:70b", "llama3.1:8b", "phi3:mini", "mistral:7b"] {
                    #expect(byName[tag]?.isPrior == false, "\(tag) has data")
                    if case .publicData = byName[tag]?.source {} else { Issue.record("\(tag): \(String(describing: byName[tag]?.source))") }
                }
                #expect(byName["my-finetune:latest"]?.isPrior == true)
                // A sensible choice: on hard maths the 70B model is far ahead in the public data.
                #expect(d.chosen == "llama3.1:70b", "\(d.scores)")
                #expect(d.reason.contains("public data as Meta-Llama-3_1-70B-Instruct"), "\(d.reason)")
                #expect(byName["my-finetune:latest"]!.confidence! < byName["llama3.1:70b"]!.confidence!)
            }
        }
    }
}
