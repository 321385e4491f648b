import Foundation
import HerdCore
import HerdRouter
import HerdSession
import Testing

/// The cascade's thresholds also learn from the herd's calibration answers (`calibration.jsonl`).
@Suite struct CascadeThresholdTests {
    static let local = ServerEndpoint(baseURL: "http://127.0.0.1:1", name: "local")
    static let filler = ["the", "a", "please", "about", "some", "with", "explain", "short", "write", "make", "my", "today"]

    /// `coder` answers "python" prompts well and "sonnet" prompts badly; `poet` the reverse.
    static func rows(_ count: Int, from start: Int = 0) -> [RoutingExample] {
        (start..<(start + count)).map { i in
            let code = i % 2 == 0
            let words = [filler[i % filler.count], filler[(i * 7) % filler.count], code ? "python" : "sonnet", filler[(i * 5) % filler.count]]
            return RoutingExample(id: "c\(i)", prompt: words.joined(separator: " "), scores: ["coder": code ? 1 : 0, "poet": code ? 0 : 1])
        }
    }

    @Test func benchAnswersGiveEachMemberAThresholdThatSeparatesGoodFromBad() throws {
        var config = RouterTrainer.Config()
        config.featurizer.dimensionBits = 14
        config.latent.rank = 4
        config.folds = 2
        let members = [Member(name: "coder", endpoint: Self.local, sizeB: 8), Member(name: "poet", endpoint: Self.local, sizeB: 8)]
        let router = Router(model: try RouterTrainer.train(examples: Self.rows(120), members: [RouterMember(name: "coder", sizeB: 8),
                                                                                                 RouterMember(name: "poet", sizeB: 8)],
                                                            config: config))
        // The herd's calibration answers, on prompts the router was not trained on.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-thresholds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("calibration.jsonl").path
        let lines = try Self.rows(24, from: 500).map { r in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": r.id, "prompt": r.prompt, "scores": r.scores]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let samples = CascadeThresholds.benchSamples(try RoutingDataset.load(path: path), router: router, members: members)
        #expect(samples.count == 48)
        let t = CascadeThresholds.learn(store: nil, benchData: path, router: router, members: members)
        for m in ["coder", "poet"] {
            let tau = try #require(t[m], "no threshold for \(m): \(t)")
            let mine = samples.filter { $0.member == m }
            // The learned threshold lets the member answer first where it answered well, and not elsewhere.
            #expect(mine.filter(\.good).allSatisfy { $0.confidence >= tau }, "\(m) τ \(tau)")
            #expect(mine.filter { !$0.good }.allSatisfy { $0.confidence < tau }, "\(m) τ \(tau)")
        }
        // No bench file: nothing to learn from, no thresholds (the cascade keeps its defaults).
        #expect(CascadeThresholds.learn(store: nil, benchData: path + ".missing", router: router, members: members).isEmpty)
    }
}
