import Foundation
import HerdCore
import HerdTestSupport
import Testing

/// `herd route` and `herd router train|eval` as a user runs them, on a small file of data from the wild.
@Suite struct RouterCLITests {
    @Test func routeTakesAPromptThatStartsWithADash() async throws {
        let run = try await HerdRun.run(["route", "--members", "small:3,large:70", "--lambda", "0", "-5 degrees: is that cold?"])
        #expect(run.status == .exited(0), "\(run.stderr)")
        #expect(run.stdout.contains("choice: large"), "\(run.stdout)")
        let typo = try await HerdRun.run(["route", "--members", "small:3", "--lamda", "hello"])
        #expect(typo.status != .exited(0) && typo.stderr.contains("--lamda"), "\(typo.stderr)")
    }

    /// Offline, members given as Ollama tags are routed as the chat routes them: by the public
    /// router under their profiles, with the words that decided in the reason.
    @Test func offlineRouteUsesThePublicRouterUnderProfiles() async throws {
        let run = try await HerdRun.run(["route", "--members", "llama3.1:70b:70,phi3:mini:3.8", "--lambda", "0",
                                         "Which amendment to the US constitution protects against unreasonable searches?"])
        #expect(run.status == .exited(0), "\(run.stderr)")
        #expect(run.stdout.contains("public: Meta-Llama-3_1-70B-Instruct") && run.stdout.contains("public: Phi-3-mini-4k-instruct"),
                "\(run.stdout)")
        #expect(run.stdout.contains("reason: public data as "), "\(run.stdout)")
    }

    @Test func trainAndEvalOnWildDataWithPricesAndIntegerIDs() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-router-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines: [String] = [], split = ["id\tsplit"]
        for i in 0..<80 {
            let code = i % 2 == 0
            let prompt = (code ? "write python code for task \(i)" : "write a sonnet about thing \(i)")
            // "poet" has no score on every fifth row (null): those test rows are left out.
            let poet = i % 5 == 0 ? "null" : (code ? "0" : "1")
            lines.append(#"{"id": \#(i), "prompt": "\#(prompt)", "scores": {"coder": \#(code ? 1 : 0), "poet": \#(poet)}, "cost_usd": {"coder": 0.002, "poet": 0.001}}"#)
            split.append("\(i)\t\(i < 60 ? "train" : "test")")
        }
        let data = dir.appendingPathComponent("wild.jsonl").path, splitPath = dir.appendingPathComponent("split.tsv").path
        let router = dir.appendingPathComponent("r.router").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        try (split.joined(separator: "\n") + "\n").write(toFile: splitPath, atomically: true, encoding: .utf8)
        let train = try await HerdRun.run(["router", "train", "--data", data, "--split", splitPath, "--members", "coder:8,poet:8",
                                           "--hash-bits", "14", "--float16", "--out", router])
        #expect(train.status == .exited(0), "\(train.stderr)")
        #expect(train.stdout.contains("float16"), "\(train.stdout)")
        let eval = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath, "--json"])
        #expect(eval.status == .exited(0), "\(eval.stderr)")
        let ev = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(ev["rows"] as? Int == 16 && ev["excludedRows"] as? Int == 4, "\(eval.stdout.prefix(400))")
        #expect(ev["costUnit"] as? String == "USD")
        #expect(ev["reference"] is NSNull && ev["rescueRate"] is NSNull)
        let text = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath])
        #expect(text.stdout.contains("4 left out") && text.stdout.contains("$0.001"), "\(text.stdout)")

        // The reference routers, trained on the train rows and scored on the same 16.
        let compared = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath, "--baselines", "--json"])
        #expect(compared.status == .exited(0), "\(compared.stderr)")
        let both = try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [String: Any] ?? [:]
        let refs = both["baselines"] as? [String: [String: Any]] ?? [:]
        #expect(Set(refs.keys) == ["tfidf-lr", "tfidf-knn"] && refs.values.allSatisfy { $0["rows"] as? Int == 16 }, "\(compared.stdout.prefix(300))")
        #expect((both["router"] as? [String: Any])?["rows"] as? Int == 16)

        // A repeated id under --split is refused with the file and line.
        try (lines.joined(separator: "\n") + "\n" + lines[3] + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        let dup = try await HerdRun.run(["router", "eval", "--router", router, "--data", data, "--split", splitPath])
        #expect(dup.status != .exited(0) && dup.stderr.contains("\(data):81: id \"3\" also on line 4"), "\(dup.stderr)")
    }
}
