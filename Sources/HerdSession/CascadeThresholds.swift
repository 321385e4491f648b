import Foundation
import HerdCore
import HerdRouter
import HerdStore

/// The cascade's per-member thresholds, learned from everything Herd knows about its members'
/// answers: the answers the person rated or picked (`Store.judgedAnswers`), and the herd's own
/// answers to the calibration suite (`herd calibrate`, `herd bench`), each with the router's
/// confidence for that member on that prompt.
public enum CascadeThresholds {
    /// A bench answer counts as good from this score up (scores are 0…1).
    public static let goodScore = 0.5

    /// Judged samples from routing-data rows (`calibration.jsonl`): for every member with a score on
    /// a row, the router's confidence for it on the row's prompt and whether it answered well.
    public static func benchSamples(_ rows: [RoutingExample], router: Router, members: [Member]) -> [ThresholdFit.Sample] {
        guard !members.isEmpty else { return [] }
        var out: [ThresholdFit.Sample] = []
        for row in rows {
            let scored = members.filter { row.scores[$0.name] != nil }
            guard !scored.isEmpty else { continue }
            let d = router.decide(prompt: row.prompt, members: members, lambda: 0)
            for m in scored {
                guard let p = d.score(of: m.name)?.confidence, let s = row.scores[m.name] else { continue }
                out.append(.init(member: m.name, confidence: p, good: s >= goodScore))
            }
        }
        return out
    }

    /// Thresholds for the herd of these settings: the store's judged answers and the bench answers in
    /// the data folder (`calibration.jsonl`), as the chat and `herd ask --cascade` use them.
    public static func learn(settings: Settings, store: Store?, router: Router, members: [Member]) -> [String: Double] {
        learn(store: store, benchData: settings.calibrationData, router: router, members: members)
    }

    /// Thresholds from the store's judged answers and, when `benchData` exists, the herd's bench
    /// answers. A bench file that cannot be read is left out (calibration reports it where it runs).
    public static func learn(store: Store?, benchData: String?, router: Router, members: [Member]) -> [String: Double] {
        var samples = (try? store?.judgedAnswers()) ?? []
        if let path = benchData, FileManager.default.fileExists(atPath: path), let rows = try? RoutingDataset.load(path: path) {
            samples += benchSamples(rows, router: router, members: members)
        }
        return ThresholdFit.perMember(samples)
    }
}
