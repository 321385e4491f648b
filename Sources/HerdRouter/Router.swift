import Foundation
import HerdCore

/// Herd's router: per-member calibrated confidence, Tryage's cost-aware choice, online feedback.
///
/// A class with an internal lock so that the TUI's effect runner can decide and learn from
/// different tasks; every method is short and synchronous.
public final class Router: @unchecked Sendable {
    private let lock = NSLock()
    /// The user's own router (their data), when trained.
    private var state: RouterModel?
    /// The router Herd ships, trained on public routing data; consulted for members the user's
    /// router does not know, under their profile.
    private let publicState: RouterModel?
    /// Feedback for models the user's router has no data on: running (sum, count) per member name.
    private var priorFeedback: [String: (sum: Double, count: Double)] = [:]
    private var outputIndex: [String: Int] = [:]
    private let publicIndex: [String: Int]

    /// Added to the normalised cost of a member the server reports as not loaded.
    public var loadPenalty: Double = 0.1
    /// Pseudo-count of the size prior against feedback for members without data.
    public static let priorStrength = 4.0
    /// Learned confidences are kept within [min, 1 − min].
    public static let minConfidence = 0.01
    /// Step size of the online head update.
    public static let onlineRate: Float = 0.02

    /// `nil` model: a cold-start router that scores every member by the size prior (`isPrior`),
    /// or by `publicModel` where a member's profile is known there.
    public init(model: RouterModel?, publicModel: RouterModel? = nil) {
        state = model
        publicState = publicModel
        var index: [String: Int] = [:]
        for (i, n) in (publicModel?.latent.outputs ?? []).enumerated() { index[n] = i }
        publicIndex = index
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

    /// The user's router's version, else the public one's (`public:…`), else "prior".
    public var version: String { lock.withLock { state?.version ?? publicState.map { "public:" + $0.version } ?? "prior" } }

    /// Feedback received so far (persisted by the store, replayed by training).
    public var feedbackLog: [FeedbackEvent] { lock.withLock { state?.feedbackLog ?? priorFeedbackLog } }
    private var priorFeedbackLog: [FeedbackEvent] = []

    /// The members the router was trained with.
    public var trainedMembers: [RouterMember] { lock.withLock { state?.members ?? [] } }

    /// The shipped public router, when one was given.
    public var publicModel: RouterModel? { publicState }

    /// The models of the public routing data a member can be mapped to (`ProfileMatcher`).
    public var profileCandidates: [ProfileMatcher.Candidate] {
        guard let p = publicState else { return [] }
        let sizes = Dictionary(p.members.map { ($0.name, $0.sizeB) }, uniquingKeysWith: { a, _ in a })
        return p.latent.outputs.map { ProfileMatcher.Candidate(name: $0, sizeB: sizes[$0]) }
    }

    /// The name the user's router knows a member by: its own name, else its profile.
    private func personalKey(_ member: Member) -> String {
        outputIndex[member.name] != nil ? member.name : member.profile ?? member.name
    }

    /// The user's router's output for a member: by its name, else by its profile.
    private func personalOutput(_ member: Member) -> Int? {
        outputIndex[member.name] ?? member.profile.flatMap { outputIndex[$0] }
    }

    /// Where a member's confidences come from: the user's data, the public data, or the prior.
    public func source(for member: Member) -> ConfidenceSource {
        lock.withLock {
            if personalOutput(member) != nil { return .yourData }
            if let p = member.profile, publicIndex[p] != nil { return .publicData(profile: p) }
            return .prior
        }
    }

    /// `members` with a profile filled in wherever the public data has the model and the config
    /// gave none; unknown models stay without one.
    public func profiled(_ members: [Member]) -> [Member] {
        let candidates = profileCandidates
        guard !candidates.isEmpty else { return members }
        return members.map { m in
            guard m.profile == nil else { return m }
            var out = m
            out.profile = ProfileMatcher.match(names: [m.modelID] + m.aliases, sizeB: m.sizeB,
                                               variant: m.instructTuned.map { $0 ? .instruct : .base }, candidates: candidates)
            return out
        }
    }

    private func reindex() {
        outputIndex = [:]
        if let s = state { for (i, n) in s.latent.outputs.enumerated() { outputIndex[n] = i } }
    }

    // MARK: - Deciding

    /// Scores every member and picks argmax of confidence − λ·cost over the available ones
    /// (`Selection`: ties go to the cheaper member, then the name that sorts first).
    /// - Parameters:
    ///   - embedding: the prompt's dense embedding, when the router was trained with one.
    ///   - costs: measured seconds to the first token per member name, for those measured
    ///     (`CostEstimate` estimates the rest); when `nil` or empty, parameter counts.
    public func decide(prompt: String, history: [ChatMessage] = [], embedding: [Float]? = nil,
                       members: [Member], lambda: Lambda, pinned: String? = nil,
                       unavailable: Set<String> = [], costs: [String: Double]? = nil) -> Decision {
        let start = DispatchTime.now().uptimeNanoseconds
        let text = Self.routingText(prompt: prompt, history: history)
        return lock.withLock {
            let analysis = state.map { analyze(text, embedding: embedding, model: $0) }
            var publicAnalysis: Analysis?
            var scores: [Decision.Score] = []
            let cost = Self.normalisedCosts(members: members, costs: costs, loadPenalty: loadPenalty)
            var learned: [Double?] = Array(repeating: nil, count: members.count)
            var sources: [ConfidenceSource] = Array(repeating: .prior, count: members.count)
            for (i, member) in members.enumerated() {
                if let a = analysis, let m = personalOutput(member) {
                    learned[i] = a.probabilities[m]
                    sources[i] = .yourData
                } else if let pub = publicState, let profile = member.profile, let m = publicIndex[profile] {
                    if publicAnalysis == nil { publicAnalysis = analyze(text, embedding: nil, model: pub, feedback: false) }
                    // Public data speaks for models like this one; the user's ratings of it move it, as for a prior.
                    learned[i] = withFeedback(publicAnalysis!.probabilities[m], member: member.name)
                    sources[i] = .publicData(profile: profile)
                }
            }
            let prior = state?.prior ?? publicState?.prior ?? .default
            // A member of unknown size is scored as the herd's smallest known one and never above a member
            // with data: not knowing a size is no evidence of quality.
            let smallestKnown = members.compactMap(\.sizeB).filter { $0 > 0 }.min()
            let lowestLearned = learned.compactMap { $0 }.min()
            for (i, member) in members.enumerated() {
                let available = member.enabled && !unavailable.contains(member.name)
                var p: Double
                if let l = learned[i] {
                    p = l
                } else {
                    let identity = member.identity
                    let sized = member.sizeB.flatMap { $0 > 0 ? $0 : nil }
                    var base = prior.confidence(sizeB: sized ?? smallestKnown ?? 1, family: identity.family, variant: identity.variant)
                    if sized == nil, let floor = lowestLearned { base = min(base, floor * 0.99) }
                    p = withFeedback(base, member: member.name)
                }
                scores.append(Decision.Score(member: member.name, confidence: p, utility: Selection.utility(confidence: p, cost: cost[i], lambda: lambda),
                                             isPrior: sources[i] == .prior, available: available, cost: cost[i], source: sources[i]))
            }
            let ranked = Selection.ranked(confidences: scores.map { $0.confidence ?? 0 }, costs: cost, names: members.map(\.name),
                                               lambda: lambda.value, eligible: { scores[$0].available })
            // A fallback fitted for this herd overrides routing in its λ range (when its member can answer).
            let fallback = state.flatMap { s in
                Set(members.map(personalKey)) == Set(s.members.map(\.name)) ? LambdaFallback.active(s.fallbacks, lambda: lambda.value) : nil
            }
            let fallbackMember = fallback.flatMap { f in ranked.first { personalKey(members[$0]) == f.member } }
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
                reason = members[idx].sizeB == nil ? "prior (no routing data, size unknown)" : "prior from size (no routing data for \(members[idx].name))"
            } else if let idx = members.firstIndex(where: { $0.name == chosen }), case let .publicData(profile) = sources[idx],
                      let a = publicAnalysis, let pub = publicState {
                reason = "public data as \(profile) · " + explain(text: text, analysis: a, model: pub, index: publicIndex,
                                                                 chosen: members[idx].profile, runnerUp: runnerUp.flatMap { r in members.first { $0.name == r }?.profile })
            } else if let a = analysis, let model = state {
                let key = { (m: Member?) in m.flatMap { self.outputIndex[$0.name] != nil ? $0.name : $0.profile } }
                reason = explain(text: text, analysis: a, model: model, index: outputIndex, chosen: key(members.first { $0.name == chosen }),
                                 runnerUp: key(members.first { $0.name == runnerUp }))
            } else {
                reason = "prior from size"
            }
            let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
            return Decision(scores: scores, chosen: chosen, routerChoice: routerChoice, runnerUp: runnerUp, lambda: lambda.value,
                            mode: pinnedName == nil ? .auto : .pinned, reason: reason, micros: micros,
                            routerVersion: state?.version ?? publicState.map { "public:" + $0.version } ?? "prior")
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

    /// A confidence moved by the user's ratings of a member the user's router has no data on.
    private func withFeedback(_ p: Double, member: String) -> Double {
        let fb = priorFeedback[member] ?? (0, 0)
        return (Self.priorStrength * p + fb.sum) / (Self.priorStrength + fb.count)
    }

    private func analyze(_ text: String, embedding: [Float]?, model: RouterModel, feedback: Bool = true) -> Analysis {
        let features = model.featurizer.analyze(text, wantOrigins: true)
        let x = model.tfidf.transform(features.vector)
        let h = model.latent.hidden(x)
        let logits = model.latent.logits(hidden: h)
        let neighbors = model.sparseIndex.nearest(h)
        let vote = model.sparseIndex.vote(neighbors)
        var probs = [Double](repeating: 0, count: logits.count)
        let ability = model.ability?.relativeScores(text)
        if let e = embedding, let dense = model.denseIndex, let cal = model.denseCalibrator, e.count == dense.dimension {
            let inputs = RouterTrainer.blendInputs(logits: logits, vote: vote, denseVote: dense.vote(dense.nearest(e)), ability: ability, difficulty: model.config.blendDifficulty)
            for m in 0..<logits.count { probs[m] = cal.probability(output: m, inputs[m]) }
        } else {
            let inputs = RouterTrainer.blendInputs(logits: logits, vote: vote, denseVote: nil, ability: ability, difficulty: model.config.blendDifficulty)
            for m in 0..<logits.count { probs[m] = model.sparseCalibrator.probability(output: m, inputs[m]) }
        }
        // No router is entitled to certainty; the clamp also leaves feedback room to move a verdict.
        for m in 0..<probs.count { probs[m] = min(max(probs[m], Self.minConfidence), 1 - Self.minConfidence) }
        if feedback, !model.feedbackMemory.entries.isEmpty {
            let off = model.feedbackMemory.offsets(x, outputs: probs.count)
            for m in 0..<probs.count where off[m] != 0 {
                let q = min(max(probs[m], 1e-9), 1 - 1e-9)
                probs[m] = 1 / (1 + exp(-(log(q / (1 - q)) + Double(off[m]))))
            }
        }
        return Analysis(features: features, x: x, hidden: h, probabilities: probs, nearest: neighbors.first?.row)
    }

    /// The features that most favour the chosen member over the runner-up, and the nearest known prompt.
    private func explain(text: String, analysis a: Analysis, model: RouterModel, index: [String: Int], chosen: String?,
                         runnerUp: String?) -> String {
        var parts: [String] = []
        if let c = chosen.flatMap({ index[$0] }), let ability = model.ability {
            // The ability part is what put the chosen member first: name its words.
            let shown = ability.favouring(text, output: c, over: runnerUp.flatMap { index[$0] })
            if !shown.isEmpty { parts.append(shown.joined(separator: ", ")) }
        } else if let c = chosen.flatMap({ index[$0] }) {
            let k = model.latent.rank
            var dir = Array(model.latent.u[(c * k)..<((c + 1) * k)])
            if let r = runnerUp.flatMap({ index[$0] }) {
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

    /// Normalised costs in 0…1 (+ load penalty): seconds to the first token when any member was
    /// measured (`CostEstimate` fills in the others), else size.
    static func normalisedCosts(members: [Member], costs: [String: Double]?, loadPenalty: Double) -> [Double] {
        let raw: [Double]
        let sized: Bool
        if let seconds = costs.flatMap({ CostEstimate.seconds(members: members, measured: $0) }) {
            (raw, sized) = (seconds, false)
        } else {
            let known = members.compactMap(\.sizeB)
            let fallback = known.isEmpty ? 1 : known.sorted()[known.count / 2]
            (raw, sized) = (members.map { $0.sizeB ?? fallback }, true)
        }
        let top = Self.costScale(largest: raw.max() ?? 1, bySize: sized)
        return zip(members, raw).map { member, r in
            (top > 0 ? r / top : 0) + (member.loaded == false ? loadPenalty : 0)
        }
    }

    /// Sizes below this many billions cost about the same to run on one machine.
    public static let smallestCostScaleB = 8.0

    /// What normalised costs divide by: the herd's largest cost, but for sizes never less than
    /// `smallestCostScaleB`, so that in a herd of sub-billion models λ does not trade a real
    /// instruction model (135M) for a 3M toy over a saving nobody would notice. Scaling costs
    /// only relabels λ; the choices over all λ, and so every evaluation figure, are unchanged.
    public static func costScale(largest: Double, bySize: Bool) -> Double {
        bySize ? max(largest, smallestCostScaleB) : largest
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
            // The ability part is what tells members apart: it takes the same step.
            s.ability?.learn(prompt, output: m, error: predicted - y, rate: Self.onlineRate)
            // ... and the memory makes it count at once on this prompt and near-repeats.
            s.feedbackMemory.add(x, output: m, outcome: y, predicted: predicted)
            s.feedbackLog.append(event)
            state = s
        }
    }
}
