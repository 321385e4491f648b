/// The figures of a bench run, per member over the whole suite (this run and earlier ones).
public struct BenchSummary: Sendable, Hashable {
    /// One member's figures.
    public struct MemberFigures: Sendable, Hashable {
        public var member: String
        /// Questions with a graded answer.
        public var answered: Int
        public var correct: Int
        /// Questions that ended in an error.
        public var errors: Int
        /// Mean measured seconds per answer; `nil` with no answers.
        public var meanSeconds: Double?
        public var accuracy: Double? { answered == 0 ? nil : Double(correct) / Double(answered) }
    }

    public var members: [MemberFigures]
    public var questions: Int
    /// Requests that ended (answered or failed) in this run.
    public var askedThisRun: Int
    /// Member–question pairs already answered before this run, not asked again.
    public var skipped: Int
    /// `true` when the run was stopped before asking everything.
    public var stopped: Bool
    public var wallSeconds: Double

    /// Figures over `records` for the given questions and members.
    public static func figures(records: [String: BenchRecord], questionIDs: [String], members: [String]) -> [MemberFigures] {
        members.map { m in
            var answered = 0, correct = 0, errors = 0
            var total = 0.0
            for id in questionIDs {
                guard let r = records[id] else { continue }
                if let s = r.scores[m] {
                    answered += 1
                    correct += s
                    total += r.seconds[m] ?? 0
                } else if r.errors[m] != nil {
                    errors += 1
                }
            }
            return MemberFigures(member: m, answered: answered, correct: correct, errors: errors,
                                 meanSeconds: answered == 0 ? nil : total / Double(answered))
        }
    }
}
