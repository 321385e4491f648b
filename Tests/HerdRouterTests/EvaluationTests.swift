import Foundation
import HerdCore
import Testing
@testable import HerdRouter

/// The evaluator's definitions on hand-made confidences, where every figure follows by hand.
@Suite struct EvaluationTests {
    static let members = [RouterMember(name: "cheap", sizeB: 10), RouterMember(name: "dear", sizeB: 20)]

    func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    /// Three complete rows; row 4 lacks a score for `dear`, row 5 the reference's.
    static func table(reference: String? = "ref") throws -> EvaluationTable {
        let rows = [
            RoutingExample(id: "1", prompt: "one", scores: ["cheap": 0, "dear": 1, "ref": 0.3]),
            RoutingExample(id: "2", prompt: "two", scores: ["cheap": 1, "dear": 0, "ref": 0.6]),
            RoutingExample(id: "3", prompt: "three", scores: ["cheap": 0.4, "dear": 1, "ref": 0.4]),
            RoutingExample(id: "4", prompt: "four", scores: ["cheap": 1, "ref": 1]),
            RoutingExample(id: "5", prompt: "five", scores: ["cheap": 1, "dear": 1]),
        ]
        return try EvaluationTable(rows: rows, members: members, reference: reference)
    }

    /// Decision costs are 0.5 and 1 (sizes over the largest). Row 1 (0.4, 0.9) switches to `cheap`
    /// at λ = 0.5 / 0.5 = 1, row 2 (0.6, 0.7) at λ = 0.2, row 3 (0.8, 0.3) is `cheap` from λ = 0.
    static let confidences: [[Double]] = [[0.4, 0.9], [0.6, 0.7], [0.8, 0.3]]

    @Test func exactLambdaPathHullAIQAndRescue() throws {
        let t = try Self.table()
        #expect(t.rows.map(\.id) == ["1", "2", "3"] && t.excluded == 2)
        let ev = RouterEvaluator.evaluate(table: t, probabilities: Self.confidences, version: "hand", correctThreshold: 0.5)
        #expect(ev.rows == 3 && ev.excludedRows == 2 && ev.costUnit == "B")
        // λ = 0: dear, dear, cheap → 1 + 0 + 0.4 = 1.4 / 3 at (20 + 20 + 10) / 3.
        #expect(near(ev.accuracy, 1.4 / 3) && near(ev.effectiveSize, 50.0 / 3))
        // λ = 0.2: row 2 to cheap → 2.4 / 3 at 40 / 3; λ = 1: row 1 to cheap → 1.4 / 3 at 10.
        // Undominated: (10, 1.4/3), (40/3, 0.8).
        #expect(ev.sweep.count == 2)
        #expect(near(ev.sweep[0].effectiveSize, 10) && near(ev.sweep[0].lambda, 1) && near(ev.sweep[0].accuracy, 1.4 / 3))
        #expect(near(ev.sweep[1].effectiveSize, 40.0 / 3) && near(ev.sweep[1].lambda, 0.2) && near(ev.sweep[1].accuracy, 0.8))
        // Hull (10, 7/15) → (40/3, 4/5), flat to 20: (10/3)·(19/30) + (20/3)·(4/5) = 67/9, over the range 10…20.
        #expect(ev.hull.count == 2 && near(ev.aiq, 67.0 / 90) && ev.costRange == [10, 20])
        // Members (10, 7/15) and (20, 2/3): 10 · (17/30) over 10.
        #expect(near(ev.membersAIQ, 17.0 / 30))
        #expect(ev.bestSingle.member == "dear" && near(ev.bestSingle.accuracy, 2.0 / 3))
        // Reaching 2/3 costs 40/3 (the λ = 0.2 point); nothing costs ≤ 0.4 · 20 = 8.
        #expect(near(ev.sizeAtBestSingleAccuracy, 40.0 / 3) && near(ev.budget, 8) && ev.accuracyAtBudget == nil)
        // Reference wrong (< 0.5) on rows 1 and 3; the router's λ = 0 choice is right (≥ 0.5) on row 1 only.
        #expect(near(ev.referenceAccuracy, 1.3 / 3) && near(ev.rescueRate, 0.5))
        // A stricter threshold: the reference is wrong everywhere (< 0.7); the router is right (≥ 0.7) on row 1 only.
        let strict = RouterEvaluator.evaluate(table: t, probabilities: Self.confidences, version: "hand", correctThreshold: 0.7)
        #expect(near(strict.rescueRate, 1.0 / 3))
        // Oracle: dear, cheap, dear → accuracy 1 at (20 + 10 + 20) / 3.
        #expect(near(ev.oracle.accuracy, 1) && near(ev.oracle.effectiveSize, 50.0 / 3))
        #expect(ev.members.map(\.routedShare).map { ($0 * 3).rounded() } == [1, 2])
    }

    @Test func figuresThatDoNotApplyAreJSONNull() throws {
        // Without a reference, row 5 counts too.
        let ev = RouterEvaluator.evaluate(table: try Self.table(reference: nil), probabilities: Self.confidences + [[0.5, 0.5]], version: "hand")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ev)) as! [String: Any]
        for key in ["accuracyAtBudget", "reference", "referenceAccuracy", "rescueRate"] {
            #expect(object[key] is NSNull, "\(key): \(String(describing: object[key]))")
        }
        #expect(object["apgr"] is Double && object["excludedRows"] as? Int == 1)
        #expect(try JSONDecoder().decode(RouterEvaluation.self, from: JSONEncoder().encode(ev)) == ev)
    }

    @Test func tiesGoToTheCheaperThenTheFirstNameInEvalAndInTheProduct() {
        let names = ["zeta", "alpha", "mid"]
        #expect(Selection.best(confidences: [0.5, 0.5, 0.5], costs: [1, 1, 0.5], names: names, lambda: 0) == 2)
        #expect(Selection.best(confidences: [0.5, 0.5, 0.4], costs: [1, 1, 0.5], names: names, lambda: 0) == 1)
        #expect(Selection.ranked(confidences: [0.5, 0.5, 0.4], costs: [1, 1, 0.5], names: names, lambda: 0) == [1, 0, 2])
        // The product: a cold-start router gives equal sizes equal confidence; listing order does not matter.
        let router = Router(model: nil)
        for order in [[("zeta", 8.0), ("alpha", 8.0)], [("alpha", 8.0), ("zeta", 8.0)]] {
            #expect(router.decide(prompt: "x", members: RouterTrainingTests.herd(order), lambda: 0).chosen == "alpha")
        }
        // The evaluator: two members with equal confidence and cost on every row → the first name, everywhere.
        let rows = [RoutingExample(prompt: "a", scores: ["zeta": 1, "alpha": 0])]
        let t = try! EvaluationTable(rows: rows, members: [RouterMember(name: "zeta", sizeB: 8), RouterMember(name: "alpha", sizeB: 8)])
        let ev = RouterEvaluator.evaluate(table: t, probabilities: [[0.5, 0.5]], version: "tie")
        #expect(ev.accuracy == 0 && ev.members.map(\.routedShare) == [0, 1])
    }

    @Test func pathIsExactWhateverTheGrid() {
        // Four members; the path visits every switch once, each to a cheaper member.
        let p = [0.9, 0.8, 0.55, 0.3], c = [1, 0.6, 0.3, 0.1]
        let path = Selection.path(confidences: p, costs: c, names: ["a", "b", "c", "d"])
        #expect(path.map(\.choice) == [0, 1, 2, 3])
        // a→b at 0.1/0.4, b→c at 0.25/0.3, c→d at 0.25/0.2.
        #expect(zip(path.map(\.lambda), [0, 0.25, 0.25 / 0.3, 1.25]).allSatisfy { abs($0 - $1) < 1e-12 })
        for (k, seg) in path.enumerated() {
            let end = k + 1 < path.count ? path[k + 1].lambda : seg.lambda + 10
            for l in stride(from: seg.lambda + (end - seg.lambda) / 14, to: end, by: (end - seg.lambda) / 7) {
                #expect(Selection.best(confidences: p, costs: c, names: ["a", "b", "c", "d"], lambda: l) == seg.choice)
            }
        }
    }

    @Test func perPromptCostsAreTheCostWithTheirUnit() throws {
        let rows = [
            RoutingExample(id: "1", prompt: "a", scores: ["cheap": 0, "dear": 1], costUSD: ["cheap": 0.001, "dear": 0.003]),
            RoutingExample(id: "2", prompt: "b", scores: ["cheap": 1, "dear": 1], costUSD: ["cheap": 0.001, "dear": 0.005]),
        ]
        let t = try EvaluationTable(rows: rows, members: Self.members)
        #expect(t.costSource == .usd && t.meanCosts == [0.001, 0.004])
        let ev = RouterEvaluator.evaluate(table: t, probabilities: [[0.2, 0.9], [0.8, 0.7]], version: "usd")
        // λ = 0: dear on row 1 ($0.003), cheap on row 2 ($0.001): mean $0.002, both right.
        #expect(ev.costUnit == "USD" && near(ev.effectiveSize, 0.002) && ev.accuracy == 1)
        #expect(ev.members.map(\.sizeB) == [0.001, 0.004])
        // Seconds when there are no prices; sizes when a row lacks a figure; an explicit request names the row.
        let timed = rows.map { r in var r = r; r.seconds = r.costUSD; r.costUSD = nil; return r }
        #expect(try EvaluationTable(rows: timed, members: Self.members).costSource == .seconds)
        var partial = rows
        partial[1].costUSD = ["cheap": 0.001]
        partial[1].file = "d.jsonl"; partial[1].line = 2
        #expect(try EvaluationTable(rows: partial, members: Self.members).costSource == .size)
        do {
            _ = try EvaluationTable(rows: partial, members: Self.members, costSource: .usd)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("d.jsonl:2: no \"cost_usd\" for \"dear\""), "\(error)")
        }
    }
}
