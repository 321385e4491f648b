import Foundation
import HerdCore
import Testing
@testable import HerdRouter

@Suite struct RouterFileTests {
    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("herd-router-tests-\(getpid())-\(name)").path
    }

    static func trained() throws -> RouterModel {
        try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members, config: SyntheticData.smallConfig)
    }

    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func saveLoadRoundTripGivesIdenticalDecisions() throws {
        let model = try Self.trained()
        let path = Self.tempPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = Router(model: model)
        original.feedback(prompt: "python again", member: "coder", outcome: 1)
        try original.save(path: path)
        let loaded = try Router.load(path: path)
        let members = RouterTrainingTests.herd([("coder", 8), ("poet", 30), ("unknown", 3)])
        for prompt in ["python please", "a sonnet today", "neither word here", "python sonnet both", ""] {
            for lambda: Lambda in [0.0, 0.3, 2] {
                var a = original.decide(prompt: prompt, members: members, lambda: lambda)
                var b = loaded.decide(prompt: prompt, members: members, lambda: lambda)
                a.micros = 0; b.micros = 0
                #expect(a == b)
            }
        }
        #expect(loaded.version == original.version)
        #expect(loaded.feedbackLog == original.feedbackLog)
    }

    @Test func corruptRouterFilesSayWhatAndWhere() throws {
        let path = Self.tempPath("corrupt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.trained().save(to: path)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        try "hello, I am not a router\n".write(toFile: path, atomically: true, encoding: .utf8)
        let garbage = Self.message { _ = try RouterModel.load(from: path) }
        #expect(garbage?.hasPrefix("\(path):1: not a Herd router") == true, "\(garbage ?? "no error")")

        // Damage the third line (a data line) in its middle.
        let third = lines[2]
        lines[2] = String(third.prefix(third.count / 2))
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let damaged = Self.message { _ = try RouterModel.load(from: path) }
        #expect(damaged?.hasPrefix("\(path):3: damaged data line") == true, "\(damaged ?? "no error")")

        // Drop the last data line: a truncated file.
        lines = good.split(separator: "\n").map(String.init)
        try lines.dropLast().joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let truncated = Self.message { _ = try RouterModel.load(from: path) }
        #expect(truncated?.contains("missing data line") == true, "\(truncated ?? "no error")")

        let missing = Self.message { _ = try Router.load(path: path + ".nope") }
        #expect(missing?.contains("cannot read the router file") == true)
    }

    @Test func corruptDataLinesNameTheLine() throws {
        let good = #"{"prompt": "p", "scores": {"a": 1, "b": 0}}"#
        let cases: [(String, Int, String)] = [
            (good + "\n" + good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": 1}\n", 3, "not a JSON object"),
            (good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": 1.5}}\n", 2, "expected a number in 0..1"),
            ("\n" + good + "\n{\"scores\": {\"a\": 1}}\n", 3, "missing \"prompt\""),
            (good + "\n{\"prompt\": \"x\"}\n", 2, "missing \"scores\""),
            (good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": \"yes\"}}\n", 2, "scores.a"),
        ]
        for (text, line, cause) in cases {
            let m = Self.message { _ = try RoutingDataset.parse(Data(text.utf8), file: "data.jsonl") }
            #expect(m?.hasPrefix("data.jsonl:\(line): ") == true, "\(m ?? "no error")")
            #expect(m?.contains(cause) == true, "\(m ?? "no error")")
        }
        let rows = try RoutingDataset.parse(Data((good + "\n\n" + good + "\n").utf8), file: "ok.jsonl")
        #expect(rows.count == 2 && rows[0].scores == ["a": 1, "b": 0])
        let split = Self.message { _ = try RoutingDataset.parseSplit("id\tsplit\na\ttrain\nb train\n", file: "s.tsv") }
        #expect(split?.hasPrefix("s.tsv:3: ") == true, "\(split ?? "no error")")
    }
}
