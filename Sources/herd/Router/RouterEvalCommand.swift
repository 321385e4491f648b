import ArgumentParser
import Foundation
import HerdCore
import HerdRouter

/// `herd router eval --router ROUTER --data FILE.jsonl [--split SPLIT.tsv] [--on test] [--reference MODEL] [--json]`
struct RouterEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a router over a λ sweep: accuracy, effective size, AIQ, rescue rate, calibration, oracle.")

    @Option(help: "The router file.") var router: String
    @Option(help: "Routing data, one JSON object per line.") var data: String
    @Option(help: "A split file (id<TAB>split).") var split: String?
    @Option(help: "Which split rows to evaluate on (with --split).") var on: String = "test"
    @Option(help: "A model in the data to compare against (rescue rate: accuracy where it was wrong).") var reference: String?
    @Option(help: "Evaluate this herd (NAME:SIZE,…) instead of the router's training members.") var members: String?
    @Option(help: "Embedding model URL#MODEL for the dense view (default: the one the router was trained with).")
    var embeddings: String?
    @Flag(help: "Use the sparse view even if the router has a dense one.") var sparseOnly = false
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let r = try Router.load(path: router)
        guard let model = r.model else { throw HerdError.other("\(router): no trained model") }
        let memberList = try members.map { try RouterMember.parseList($0) } ?? model.members
        let all = try RoutingDataset.load(path: data)
        var rows = all
        if let split {
            rows = RoutingDataset.select(all, split: try RoutingDataset.loadSplit(path: split), name: on)
            guard !rows.isEmpty else { throw HerdError.badInput(file: split, line: nil, cause: "no rows of split \"\(on)\" in \(data)") }
        }
        if let reference, !rows.contains(where: { $0.scores[reference] != nil }) {
            throw HerdError.other("the reference \"\(reference)\" has no scores in \(data)")
        }
        var vectors: [[Float]]? = nil
        if !sparseOnly, model.denseIndex != nil, let spec = try (embeddings ?? model.embeddings).map({ try EmbeddingSpec($0) }) {
            vectors = try await spec.cache().embed(rows.map(\.prompt))
        }
        let ev = try RouterEvaluator.evaluate(router: r, rows: rows, members: memberList, reference: reference, embeddings: vectors)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(ev), as: UTF8.self))
            return
        }
        print(Self.report(ev))
    }

    static func report(_ ev: RouterEvaluation) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }
        func b(_ x: Double?) -> String { x.map { String(format: "%.1fB", $0) } ?? "—" }
        var s = "router \(ev.routerVersion) on \(ev.rows) questions (\(ev.dense ? "dense+sparse" : "sparse") view)\n\n"
        let w = max(ev.members.map(\.member.count).max() ?? 6, 6)
        s += "member".padding(toLength: w, withPad: " ", startingAt: 0) + "    size  accuracy  routed@λ=0\n"
        for m in ev.members {
            s += m.member.padding(toLength: w, withPad: " ", startingAt: 0)
                + String(format: "  %6.1f  %8.3f  %9.1f%%\n", m.sizeB, m.accuracy, m.routedShare * 100)
        }
        s += "\n"
        s += "accuracy at λ=0            \(f(ev.accuracy))   (effective size \(b(ev.effectiveSize)))\n"
        s += "accuracy at size ≤ \(b(ev.budget))    \(f(ev.accuracyAtBudget))\n"
        s += "size to reach best single  \(b(ev.sizeAtBestSingleAccuracy))\n"
        s += "AIQ                        \(f(ev.aiq))   (members without routing \(f(ev.membersAIQ)))\n"
        if let ref = ev.reference {
            s += "reference \(ref)  accuracy \(f(ev.referenceAccuracy)), rescue rate \(f(ev.rescueRate))\n"
        }
        s += "Brier \(f(ev.brier)) · ECE \(f(ev.ece)) · ECE of the chosen \(f(ev.eceChosen))\n"
        s += "best single: \(ev.bestSingle.member) \(f(ev.bestSingle.accuracy)) · oracle \(f(ev.oracle.accuracy)) (mean \(b(ev.oracle.effectiveSize)))\n"
        if let apgr = ev.apgr { s += "APGR \(f(apgr)) · CPT(50%) \(ev.cpt50.map { String(format: "%.1f%%", $0 * 100) } ?? "—")\n" }
        s += "\nλ sweep (every 80th point):\n"
        for (i, p) in ev.sweep.enumerated() where i % 80 == 0 || i == ev.sweep.count - 1 {
            s += String(format: "  λ %8.4f  accuracy %.3f  size %5.1fB\n", p.lambda, p.accuracy, p.effectiveSize)
        }
        return s
    }
}
