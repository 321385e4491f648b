import Foundation
import HerdRouter

/// The text `herd router eval --policy cascade` prints.
enum CascadeReport {
    static func text(_ c: CascadeEvaluation) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }
        func s(_ x: Double?) -> String { x.map { String(format: "%.2f%@", $0, c.costUnit) } ?? "—" }
        var out = "cascade on \(c.rows) questions; weak-answer signal: \(c.signal)\n\n"
        out += "                                 accuracy  mean cost\n"
        out += "plain routing, most accurate λ   \(f(c.routingBestAccuracy))     \(s(c.routingBestSize))\n"
        out += "cascade at that cost (hull)      \(f(c.cascadeAccuracyAtRoutingBest))     \(s(c.routingBestSize))\n"
        if let b = c.cascadeBestPointWithin {
            out += "cascade, best threshold within   \(f(b.accuracy))     \(s(b.effectiveSize))  (threshold \(String(format: "%.2f", b.threshold)))\n"
        }
        out += "cascade, most accurate           \(f(c.cascadeBest.accuracy))     \(s(c.cascadeBest.effectiveSize))  (threshold \(String(format: "%.2f", c.cascadeBest.threshold)))\n"
        out += "largest member \(c.largest)".padding(toLength: 33, withPad: " ", startingAt: 0) + "\(f(c.largestAccuracy))     \(s(c.largestSize))\n"
        out += "cascade cost to match the largest: \(s(c.cascadeSizeAtLargestAccuracy))\n\n"
        out += "AIQ  cascade \(f(c.aiq)) · plain routing \(f(c.routingAIQ)) (cost range \(s(c.costRange.first))–\(s(c.costRange.last)))\n\n"
        out += "threshold  accuracy  mean cost  steps  escalated\n"
        for p in c.points where Int((p.threshold * 100).rounded()) % 10 == 0 {
            out += String(format: "%9.2f  %8.3f  %9.2f  %5.2f  %8.1f%%\n", p.threshold, p.accuracy, p.effectiveSize, p.steps, p.escalated * 100)
        }
        return out
    }
}
