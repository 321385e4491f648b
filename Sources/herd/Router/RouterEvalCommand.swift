import ArgumentParser
import Foundation
import HerdCore
import HerdRouter

/// `herd router eval --router ROUTER --data FILE.jsonl [--split SPLIT.tsv] [--on test] [--reference MODEL] [--json]`
struct RouterEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a router over every λ: accuracy, cost, AIQ, rescue rate, calibration, oracle.",
        discussion: """
        Rows: only rows where every member (and the reference) has a score are evaluated; the \
        others are left out and counted ("left out"), so no router benefits from knowing which \
        members were graded. A score of null or NaN counts as missing.

        Costs: sizes in billions of parameters ("B"), or the data's per-prompt `cost_usd` ("USD") \
        or `seconds` ("s") when every evaluated row has them for every member (or --cost). The \
        router decides with each member's mean cost, divided by the largest; the curve charges \
        each row's own cost.

        λ: utility = confidence − λ · cost / largest member cost, ties to the cheaper member, then \
        by name, as `herd route` decides. The λ values at which any choice changes are found \
        exactly (no grid), which gives the (cost, accuracy) curve.

        AIQ (RouterBench, Hu et al. 2024): area under the non-decreasing convex hull of that curve \
        over the members' cost range (cheapest to costliest member), divided by the range. \
        "members without routing" is the same for the members' own points.
        Accuracy at budget: the best accuracy of any λ whose mean cost is ≤ 40% of the costliest \
        member's. Cost to reach best single: the least mean cost of any λ at least as accurate as \
        the best member.
        Rescue rate: of the questions the reference got wrong (score < --correct-at), the share \
        where the router's choice at λ = 0 is right (score ≥ --correct-at).
        APGR and CPT(50%) (RouteLLM, Ong et al. 2024), two-member herds only: area under the \
        performance-gap-recovered curve when questions go to the costlier member in order of \
        confidence difference; CPT(50%) is the share of calls to it that recovers half the gap.
        Brier and ECE (10 equal bins) over every question and member; ECE of the chosen at λ = 0.
        --json writes every figure; those that do not apply are null.

        --baselines also trains the two reference routers (TF-IDF + logistic regression per model, \
        TF-IDF + 50-nearest-neighbour vote) on the --baseline-train split and scores them on the \
        same rows with the same rule, and prints the three side by side (JSON: {"router", "baselines"}).
        """)

    @Option(help: "The router file.") var router: String
    @Option(help: "Routing data, one JSON object per line.") var data: String
    @Option(help: "A split file (id<TAB>split).") var split: String?
    @Option(help: "Which split rows to evaluate on (with --split).") var on: String = "test"
    @Option(help: "A model in the data to compare against (rescue rate: accuracy where it was wrong).") var reference: String?
    @Option(help: "Evaluate this herd (NAME:SIZE,…) instead of the router's training members; local names such as Ollama tags (llama3.1:8b:8) are mapped to the data's models as the chat maps them.") var members: String?
    @Option(help: "Cost: size, cost_usd or seconds (default: cost_usd, else seconds, when the data has them; else size).")
    var cost: String?
    @Option(help: "A score at or above this is a right answer, for the rescue rate on graded scores.") var correctAt: Double = 0.5
    @Option(help: "Embedding model URL#MODEL for the dense view (default: the one the router was trained with).")
    var embeddings: String?
    @Flag(help: "Use the sparse view even if the router has a dense one.") var sparseOnly = false
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "route (the router's best member over λ) or cascade (cheapest confident member first, escalating a weak answer; the router's confidence is the signal).")
    var policy: String = "route"
    @Flag(help: "Compare with TF-IDF + logistic regression and TF-IDF + kNN-50 trained on --baseline-train (needs --split).")
    var baselines = false
    @Option(help: "The split the reference routers train on.") var baselineTrain: String = "train"

    func run() async throws {
        let costSource = try cost.map { c in
            guard let s = EvaluationTable.CostSource(rawValue: c) else { throw ValidationError("--cost is size, cost_usd or seconds, not \"\(c)\"") }
            return s
        }
        guard correctAt > 0, correctAt <= 1 else { throw ValidationError("--correct-at must be in (0, 1]") }
        guard ["route", "cascade"].contains(policy) else { throw ValidationError("--policy is route or cascade, not \"\(policy)\"") }
        let r = try Router.load(path: router)
        guard let model = r.model else { throw HerdError.other("\(router): no trained model") }
        var memberList = try members.map { try RouterMember.parseList($0) } ?? model.members
        // Local names (Ollama tags, GGUF files, Hugging Face ids) are mapped to the data's models as the chat maps them.
        let sizes = Dictionary(model.members.map { ($0.name, $0.sizeB) }, uniquingKeysWith: { a, _ in a })
        let candidates = model.knownModels.map { ProfileMatcher.Candidate(name: $0, sizeB: sizes[$0]) }
        for i in memberList.indices where !model.knownModels.contains(memberList[i].name) {
            if let profile = ProfileMatcher.match(names: [memberList[i].name], sizeB: memberList[i].sizeB, candidates: candidates) {
                routerStderr("\(memberList[i].name) → \(profile)")
                memberList[i].name = profile
            } else {
                routerStderr("\(memberList[i].name): no model of the routing data matches; scored by the prior")
            }
        }
        let rows = try RouterDataArguments.rows(data: data, split: split, on: on)
        if let reference, !rows.contains(where: { $0.scores[reference] != nil }) {
            throw HerdError.other("the reference \"\(reference)\" has no scores in \(data)")
        }
        var vectors: [[Float]]? = nil
        if !sparseOnly, model.denseIndex != nil, let spec = try (embeddings ?? model.embeddings).map({ try EmbeddingSpec($0) }) {
            vectors = try await spec.cache().embed(rows.map(\.prompt))
        }
        let ev = try RouterEvaluator.evaluate(router: r, rows: rows, members: memberList, reference: reference, embeddings: vectors,
                                              costSource: costSource, correctThreshold: correctAt)
        if policy == "cascade" {
            let table = try EvaluationTable(rows: rows, members: memberList, reference: reference, costSource: costSource)
            let p = RouterEvaluator.confidences(router: r, table: table, embeddings: vectors)
            let cascade = CascadeEvaluator.evaluate(table: table, probabilities: p)
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(CascadeComparison(cascade: cascade, routing: ev)), as: UTF8.self))
            } else {
                print(CascadeReport.text(cascade))
            }
            return
        }
        var references: [String: RouterEvaluation] = [:]
        if baselines {
            guard split != nil else { throw ValidationError("--baselines trains on --baseline-train rows, so it needs --split") }
            let train = try RouterDataArguments.rows(data: data, split: split, on: baselineTrain)
            let table = try EvaluationTable(rows: rows, members: memberList, reference: reference, costSource: costSource)
            for kind in ReferenceRouter.allCases {
                let p = kind.probabilities(train: train, models: memberList.map(\.name), test: table.rows.map(\.prompt))
                references[kind.rawValue] = RouterEvaluator.evaluate(table: table, probabilities: p, version: kind.rawValue,
                                                                     correctThreshold: correctAt)
            }
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let out = baselines ? try enc.encode(Comparison(router: ev, baselines: references)) : try enc.encode(ev)
            print(String(decoding: out, as: UTF8.self))
            return
        }
        print(Self.report(ev))
        if baselines {
            print(Self.comparison([("herd", ev)] + ReferenceRouter.allCases.compactMap { k in references[k.rawValue].map { (k.rawValue, $0) } }))
        }
    }

    struct CascadeComparison: Encodable {
        var cascade: CascadeEvaluation
        var routing: RouterEvaluation
    }

    struct Comparison: Encodable {
        var router: RouterEvaluation
        var baselines: [String: RouterEvaluation]
    }

    static func comparison(_ all: [(String, RouterEvaluation)]) -> String {
        guard let first = all.first?.1 else { return "" }
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }
        var s = "on the same \(first.rows) rows      acc@λ=0  acc@≤budget  AIQ    cost to best single (\(first.costUnit))\n"
        for (name, e) in all {
            s += name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + "  \(f(e.accuracy))    \(f(e.accuracyAtBudget))      \(f(e.aiq))  \(e.sizeAtBestSingleAccuracy.map { String(format: "%.4g", $0) } ?? "—")\n"
        }
        return s
    }

    static func report(_ ev: RouterEvaluation) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "—" }
        func c(_ x: Double?) -> String {
            guard let x else { return "—" }
            switch ev.costUnit {
            case "B": return String(format: "%.1fB", x)
            case "USD": return String(format: "$%.4g", x)
            default: return String(format: "%.3g %@", x, ev.costUnit)
            }
        }
        var s = "router \(ev.routerVersion) on \(ev.rows) questions (\(ev.dense ? "dense+sparse" : "sparse") view)"
        s += ev.excludedRows > 0 ? "; \(ev.excludedRows) left out (a member\(ev.reference == nil ? "" : " or the reference") has no score)\n\n" : "\n\n"
        let w = max(ev.members.map(\.member.count).max() ?? 6, 6)
        s += "member".padding(toLength: w, withPad: " ", startingAt: 0) + "  " + "cost".padding(toLength: 10, withPad: " ", startingAt: 0) + " accuracy  routed@λ=0\n"
        for m in ev.members {
            s += m.member.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + c(m.sizeB).padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: " %8.3f  %9.1f%%\n", m.accuracy, m.routedShare * 100)
        }
        s += "\n"
        s += "accuracy at λ=0            \(f(ev.accuracy))   (mean cost \(c(ev.effectiveSize)))\n"
        s += "accuracy at cost ≤ \(c(ev.budget))  \(f(ev.accuracyAtBudget))\n"
        s += "cost to reach best single  \(c(ev.sizeAtBestSingleAccuracy))\n"
        s += "AIQ                        \(f(ev.aiq))   (members without routing \(f(ev.membersAIQ)); cost range \(c(ev.costRange.first))–\(c(ev.costRange.last)))\n"
        if let ref = ev.reference {
            s += "reference \(ref)  accuracy \(f(ev.referenceAccuracy)), rescue rate \(f(ev.rescueRate)) (right = score ≥ \(ev.correctThreshold))\n"
        }
        s += "Brier \(f(ev.brier)) · ECE \(f(ev.ece)) · ECE of the chosen \(f(ev.eceChosen))\n"
        s += "best single: \(ev.bestSingle.member) \(f(ev.bestSingle.accuracy)) · oracle \(f(ev.oracle.accuracy)) (mean \(c(ev.oracle.effectiveSize)))\n"
        if let apgr = ev.apgr { s += "APGR \(f(apgr)) · CPT(50%) \(ev.cpt50.map { String(format: "%.1f%%", $0 * 100) } ?? "—")\n" }
        s += "\nhull of the exact λ path (\(ev.sweep.count) undominated points):\n"
        for p in ev.hull {
            s += "  cost \(c(p.cost).padding(toLength: 10, withPad: " ", startingAt: 0))  accuracy \(String(format: "%.3f", p.accuracy))\n"
        }
        return s
    }
}
