/// The router's verdict for one prompt: every member's confidence and utility, and the choice.
public struct Decision: Sendable, Hashable, Codable {
    /// One member's line in the decision.
    public struct Score: Sendable, Hashable, Codable {
        public var member: String
        /// Calibrated P(member answers well); `nil` when unknown (shown as "—").
        public var confidence: Double?
        /// confidence − λ·cost; `nil` when unknown.
        public var utility: Double?
        /// `true` when the confidence is a cold-start prior, not learned from data.
        public var isPrior: Bool
        /// `false` when the member cannot take the message (unreachable, disabled).
        public var available: Bool
        /// The member's normalised cost c_m (0…1) used in the utility, so λ can re-rank without the router.
        public var cost: Double?
        /// Where the confidence comes from; `nil` in decisions stored before Herd said.
        public var source: ConfidenceSource?
        public init(member: String, confidence: Double? = nil, utility: Double? = nil, isPrior: Bool = false, available: Bool = true,
                    cost: Double? = nil, source: ConfidenceSource? = nil) {
            self.member = member
            self.confidence = confidence
            self.utility = utility
            self.isPrior = isPrior
            self.available = available
            self.cost = cost
            self.source = source ?? (isPrior ? .prior : nil)
        }
    }

    public enum Mode: String, Sendable, Hashable, Codable {
        case auto
        /// Pinned for one message.
        case pinnedOnce = "pinned-once"
        /// Pinned for the conversation.
        case pinned
        /// A retry with the next-best member.
        case retry
        /// The top members answered at once (`/compare`); the person picks.
        case compare
        /// The cheapest confident member first, escalating on a weak answer (`/cascade`).
        case cascade
    }

    public var scores: [Score]
    /// The member that answers.
    public var chosen: String
    /// What the router itself would have chosen (differs from `chosen` when pinned).
    public var routerChoice: String?
    public var runnerUp: String?
    public var lambda: Double
    public var mode: Mode
    /// Why: top features or nearest training prompts, short.
    public var reason: String
    /// Time the router took, in microseconds.
    public var micros: Double
    public var routerVersion: String

    public init(scores: [Score], chosen: String, routerChoice: String? = nil, runnerUp: String? = nil, lambda: Double,
                mode: Mode, reason: String, micros: Double, routerVersion: String) {
        self.scores = scores
        self.chosen = chosen
        self.routerChoice = routerChoice
        self.runnerUp = runnerUp
        self.lambda = lambda
        self.mode = mode
        self.reason = reason
        self.micros = micros
        self.routerVersion = routerVersion
    }

    public func score(of member: String) -> Score? { scores.first { $0.member == member } }

    /// The same decision with utilities recomputed for another λ, ranked by `Selection` as the router
    /// ranks: the router's choice follows the best available utility, and `chosen` follows it too
    /// unless the decision was pinned. A score without a confidence or a cost has no utility at the new λ.
    public func reranked(lambda newLambda: Lambda) -> Decision {
        var d = self
        d.lambda = newLambda.value
        for i in d.scores.indices {
            if let p = d.scores[i].confidence, let c = d.scores[i].cost {
                d.scores[i].utility = Selection.utility(confidence: p, cost: c, lambda: newLambda)
            } else {
                d.scores[i].utility = nil
            }
        }
        let ranked = Selection.ranking(d.scores).map { d.scores[$0].member }
        if let best = ranked.first {
            d.routerChoice = best
            if d.mode == .auto {
                d.chosen = best
                d.runnerUp = ranked.dropFirst().first
            } else {
                d.runnerUp = ranked.first { $0 != d.chosen }
            }
        }
        return d
    }
}
