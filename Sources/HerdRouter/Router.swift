import Foundation
import HerdCore

/// Herd's router: per-member calibrated confidence, Tryage's cost-aware choice, online feedback.
///
/// A class with an internal lock so that the TUI's effect runner can decide and learn from
/// different tasks; every method is short and synchronous.
public final class Router: @unchecked Sendable {
    private let lock = NSLock()
    private var state: RouterModel?
    /// Feedback for models the router has no data on: running (sum, count) per routing name.
    private var priorFeedback: [String: (sum: Double, count: Double)] = [:]
    private var outputIndex: [String: Int] = [:]

    /// Added to the normalised cost of a member the server reports as not loaded.
    public var loadPenalty: Double = 0.1
    /// Pseudo-count of the size prior against feedback for members without data.
    public static let priorStrength = 4.0
    /// Learned confidences are kept within [min, 1 − min].
    public static let minConfidence = 0.01
    /// Step size of the online head update.
    public static let onlineRate: Float = 0.02

    /// `nil` model: a cold-start router that scores every member by the size prior (`isPrior`).
    public init(model: RouterModel?) {
        state = model
        reindex()
        for f in model?.feedbackLog ?? [] where outputIndex[f.member] == nil {
            var e = priorFeedback[f.member] ?? (0, 0)
            e.sum += f.outcome; e.count += 1
            priorFeedback[f.member] = e
        }
    }

    public static func load(path: String) throws -> Router {
        Router(model: try RouterModel.load(from: path))
    }

    public func save(path: String) throws {
        guard let m = model else { throw HerdError.other("a cold-start router has nothing to save; train one with `herd router train`") }
        try m.save(to: path)
    }

    /// The trained state (with feedback applied), `nil` for a cold-start router.
    public var model: RouterModel? { lock.withLock { state } }

    public var version: String { lock.withLock { state?.version ?? "prior" } }

    /// Feedback received so far (persisted by the store, replayed by training).
    public var feedbackLog: [FeedbackEvent] { lock.withLock { state?.feedbackLog ?? priorFeedbackLog } }
    private var priorFeedbackLog: [FeedbackEvent] = []

    /// The members the router was trained with.
    public var trainedMembers: [RouterMember] { lock.withLock { state?.members ?? [] } }

    private func reindex() {
        outputIndex = [:]
        if let s = state { for (i, n) in s.latent.outputs.enumerated() { outputIndex[n] = i } }
    }

    // MARK: - Deciding

    /// Scores every member and picks argmax of confidence − λ·cost over the available ones
    /// (`RouteSelection`: ties go to the cheaper member, then the name that sorts first).
    /// - Parameters:
    ///   - embedding: the prompt's dense embedding, when the router was trained with one.
    ///   - costs: measured cost per member name (e.g. seconds per answer); else parameter count.
    public func decide(prompt: String, history: [ChatMessage] = [], embedding: [Float]? = nil,
                       members: [Member], lambda: Double, pinned: String? = nil,
                       unavailable: Set<String> = [], costs: [String: Double]? = nil) -> Decision {
        let start = DispatchTime.now().uptimeNanoseconds
        let text = Self.routingText(prompt: prompt, history: history)
        return lock.withLock {
            let analysis = state.map { analyze(text, embedding: embedding, model: $0) }
            var scores: [Decision.Score] = []
            let cost = Self.normalisedCosts(members: members, costs: costs, loadPenalty: loadPenalty)
            for (i, member) in members.enumerated() {
                let available = member.enabled && !unavailable.contains(member.name)
                var p: Double
                var isPrior = false
                if let a = analysis, let m = outputIndex[member.routingName] {
                    p = a.probabilities[m]
                } else {
                    isPrior = true
                    let base = (state?.prior ?? .default).confidence(sizeB: member.sizeB)
                    let fb = priorFeedback[member.routingName] ?? (0, 0)
                    p = (Self.priorStrength * base + fb.sum) / (Self.priorStrength + fb.count)
                }
                scores.append(Decision.Score(member: member.name, confidence: p, utility: p - lambda * cost[i],
                                             isPrior: isPrior, available: available, cost: cost[i]))
            }
            let ranked = RouteSelection.ranked(confidences: scores.map { $0.confidence ?? 0 }, costs: cost, names: members.map(\.name),
                                               lambda: lambda, eligible: { scores[$0].available })
            // A fallback fitted for this herd overrides routing in its λ range (when its member can answer).
            let fallback = state.flatMap { s in
                Set(members.map(\.routingName)) == Set(s.members.map(\.name)) ? LambdaFallback.active(s.fallbacks, lambda: lambda) : nil
            }
            let fallbackMember = fallback.flatMap { f in ranked.first { members[$0].routingName == f.member } }
            let routerChoice = (fallbackMember ?? ranked.first).map { members[$0].name }
            let pinnedName = pinned.flatMap { p in members.contains { $0.name == p } ? p : nil }
            let chosen = pinnedName ?? routerChoice ?? members.first?.name ?? ""
            let runnerUp = ranked.first { members[$0].name != chosen }.map { members[$0].name }
            var reason: String
            if pinnedName != nil {
                reason = "pinned"
            } else if routerChoice == nil {
                reason = members.isEmpty ? "no members" : "no member available"
            } else if let f = fallback, fallbackMember != nil {
                reason = f.reason
            } else if let idx = members.firstIndex(where: { $0.name == chosen }), scores[idx].isPrior {
                reason = "prior from size (no routing data for \(members[idx].routingName))"
            } else if let a = analysis, let model = state {
                reason = explain(text: text, analysis: a, model: model, chosen: members.first { $0.name == chosen },
                                 runnerUp: members.first { $0.name == runnerUp })
            } else {
                reason = "prior from size"
            }
            let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
            return Decision(scores: scores, chosen: chosen, routerChoice: routerChoice, runnerUp: runnerUp, lambda: lambda,
                            mode: pinnedName == nil ? .auto : .pinned, reason: reason, micros: micros,
                            routerVersion: state?.version ?? "prior")
        }
    }

    /// Every known model's calibrated probability for a prompt, in `model.knownModels` order
    /// (evaluation uses this; `nil` for a cold-start router).
    public func probabilities(prompt: String, embedding: [Float]? = nil) -> [Double]? {
        lock.withLock { state.map { analyze(prompt, embedding: embedding, model: $0).probabilities } }
    }

    struct Analysis {
        var features: TextFeaturizer.Analysis
        var x: SparseVector
        var hidden: [Float]
        var probabilities: [Double]
        var nearest: Int?
    }

    private func analyze(_ text: String, embedding: [Float]?, model: RouterModel) -> Analysis {
        let features = model.featurizer.analyze(text, wantOrigins: true)
        let x = model.tfidf.transform(features.vector)
        let h = model.latent.hidden(x)
        let logits = model.latent.logits(hidden: h)
        let neighbors = model.sparseIndex.nearest(h)
        let vote = model.sparseIndex.vote(neighbors)
        var probs = [Double](repeating: 0, count: logits.count)
        if let e = embedding, let dense = model.denseIndex, let cal = model.denseCalibrator, e.count == dense.dimension {
            let inputs = RouterTrainer.blendInputs(logits: logits, vote: vote, denseVote: dense.vote(dense.nearest(e)), difficulty: model.config.blendDifficulty)
            for m in 0..<logits.count { probs[m] = cal.probability(output: m, inputs[m]) }
        } else {
            let inputs = RouterTrainer.blendInputs(logits: logits, vote: vote, denseVote: nil, difficulty: model.config.blendDifficulty)
            for m in 0..<logits.count { probs[m] = model.sparseCalibrator.probability(output: m, inputs[m]) }
        }
        // No router is entitled to certainty; the clamp also leaves feedback room to move a verdict.
        for m in 0..<probs.count { probs[m] = min(max(probs[m], Self.minConfidence), 1 - Self.minConfidence) }
        if !model.feedbackMemory.entries.isEmpty {
            let off = model.feedbackMemory.offsets(x, outputs: probs.count)
            for m in 0..<probs.count where off[m] != 0 {
                let q = min(max(probs[m], 1e-9), 1 - 1e-9)
                probs[m] = 1 / (1 + exp(-(log(q / (1 - q)) + Double(off[m]))))
            }
        }
        return Analysis(features: features, x: x, hidden: h, probabilities: probs, nearest: neighbors.first?.row)
    }

    /// The features that most favour the chosen member over the runner-up, and the nearest known prompt.
    private func explain(text: String, analysis a: Analysis, model: RouterModel, chosen: Member?, runnerUp: Member?) -> String {
        var parts: [String] = []
        if let c = chosen.flatMap({ outputIndex[$0.routingName] }) {
            let k = model.latent.rank
            var dir = Array(model.latent.u[(c * k)..<((c + 1) * k)])
            if let r = runnerUp.flatMap({ outputIndex[$0.routingName] }) {
                for i in 0..<k { dir[i] -= model.latent.u[r * k + i] }
            }
            // The sparse vector's entries are in the same order as the analysis's, so positions name features.
            var top: [(q: Int, c: Float)] = []
            model.latent.w.withUnsafeBufferPointer { wp in dir.withUnsafeBufferPointer { dp in
                for (q, j) in a.x.indices.enumerated() {
                    let s = NeighborIndex.dot(wp.baseAddress! + Int(j) * k, dp.baseAddress!, k)
                    let c = s * a.x.values[q]
                    if c > 0 && (top.count < 3 || c > top[top.count - 1].c) {
                        top.append((q, c))
                        top.sort { $0.c > $1.c }
                        if top.count > 3 { top.removeLast() }
                    }
                }
            } }
            let shown = top.compactMap { a.features.name(at: $0.q) }
            if !shown.isEmpty { parts.append(shown.joined(separator: ", ")) }
        }
        if let n = a.nearest, n < model.snippets.count {
            parts.append("near “\(model.snippets[n])”")
        }
        return parts.isEmpty ? "learned" : parts.joined(separator: " · ")
    }

    /// Normalised costs in 0…1 (+ load penalty): measured costs when given for every member, else size.
    static func normalisedCosts(members: [Member], costs: [String: Double]?, loadPenalty: Double) -> [Double] {
        var raw: [Double]
        if let costs, members.allSatisfy({ costs[$0.name] != nil }) {
            raw = members.map { max(costs[$0.name]!, 0) }
        } else {
            let known = members.compactMap(\.sizeB)
            let fallback = known.isEmpty ? 1 : known.sorted()[known.count / 2]
            raw = members.map { $0.sizeB ?? fallback }
        }
        let top = raw.max() ?? 1
        return zip(members, raw).map { member, r in
            (top > 0 ? r / top : 0) + (member.loaded == false ? loadPenalty : 0)
        }
    }

    /// A short follow-up ("and in Python?") is routed together with the previous user turn.
    static func routingText(prompt: String, history: [ChatMessage]) -> String {
        guard prompt.count < 40, let previous = history.last(where: { $0.role == .user && $0.content != prompt }) else {
            return prompt
        }
        return previous.content + "\n" + prompt
    }

    // MARK: - Learning

    /// Records feedback and updates the predictors at once.
    /// - Parameter outcome: 1 good (thumbs up, override to this member), 0 bad (thumbs down, retried away).
    public func feedback(prompt: String, member: String, outcome: Double, date: Date = Date()) {
        let y = Float(min(max(outcome, 0), 1))
        let event = FeedbackEvent(prompt: prompt, member: member, outcome: Double(y), date: date)
        lock.withLock {
            guard var s = state, let m = outputIndex[member] else {
                var e = priorFeedback[member] ?? (0, 0)
                e.sum += Double(y); e.count += 1
                priorFeedback[member] = e
                if state != nil { state!.feedbackLog.append(event) } else { priorFeedbackLog.append(event) }
                return
            }
            let x = s.tfidf.transform(s.featurizer.termFrequencies(prompt))
            let predicted = Float(analyze(prompt, embedding: nil, model: s).probabilities[m])
            let h = s.latent.hidden(x)
            let k = s.latent.rank
            // A small step on this member's head generalises the lesson a little ...
            var z = s.latent.b[m]
            for i in 0..<k { z += s.latent.u[m * k + i] * h[i] }
            let e = 1 / (1 + expf(-z)) - y
            for i in 0..<k { s.latent.u[m * k + i] -= Self.onlineRate * e * h[i] }
            s.latent.b[m] -= Self.onlineRate * e
            // ... and the memory makes it count at once on this prompt and near-repeats.
            s.feedbackMemory.add(x, output: m, outcome: y, predicted: predicted)
            s.feedbackLog.append(event)
            state = s
        }
    }
}
