/// One line of routing data: a question and what every member answered, graded.
///
/// A member appears either in `scores` (with its answer and seconds) or in `errors`, never both:
/// a failed request is not a wrong answer.
public struct BenchRecord: Sendable, Hashable, Codable {
    public var id: String
    public var prompt: String
    public var source: String
    /// The gold answer, kept so that the data can be re-graded.
    public var gold: String?
    /// 1 when the member's answer was right, 0 when wrong.
    public var scores: [String: Int]
    /// The member's full reply.
    public var answers: [String: String]
    /// Seconds from sending the request to the last token, per member.
    public var seconds: [String: Double]
    /// Why the member has no answer, after retries.
    public var errors: [String: String]
    /// Why each member's reply ended: `early` when Herd closed the stream once the answer was known,
    /// else the server's reason (`stop`, `length`); absent when the server gave none.
    public var finish: [String: String]

    public init(id: String, prompt: String, source: String, gold: String? = nil, scores: [String: Int] = [:],
                answers: [String: String] = [:], seconds: [String: Double] = [:], errors: [String: String] = [:],
                finish: [String: String] = [:]) {
        self.id = id
        self.prompt = prompt
        self.source = source
        self.gold = gold
        self.scores = scores
        self.answers = answers
        self.seconds = seconds
        self.errors = errors
        self.finish = finish
    }

    public init(question: BenchQuestion) {
        self.init(id: question.id, prompt: question.prompt, source: question.source, gold: question.gold)
    }

    /// Records a graded answer for a member (clearing an earlier error).
    public mutating func setAnswer(member: String, text: String, correct: Bool, seconds: Double, finish: String? = nil) {
        scores[member] = correct ? 1 : 0
        self.finish[member] = finish
        answers[member] = text
        // Millisecond precision is plenty for a cost and keeps the lines short.
        self.seconds[member] = (seconds * 10_000).rounded() / 10_000
        errors[member] = nil
    }

    /// Records that a member could not answer (clearing an earlier answer).
    public mutating func setError(member: String, message: String) {
        errors[member] = message
        scores[member] = nil
        answers[member] = nil
        seconds[member] = nil
        finish[member] = nil
    }

    /// Takes every member entry of a later line for the same question; the later one wins.
    public mutating func merge(_ later: BenchRecord) {
        for m in later.scores.keys {
            setAnswer(member: m, text: later.answers[m] ?? "", correct: later.scores[m] == 1, seconds: later.seconds[m] ?? 0,
                      finish: later.finish[m])
        }
        for (m, e) in later.errors where later.scores[m] == nil { setError(member: m, message: e) }
    }

    /// `true` when the member has a graded answer here.
    public func isAnswered(by member: String) -> Bool { scores[member] != nil }

    enum CodingKeys: String, CodingKey { case id, prompt, source, gold, scores, answers, seconds, errors, finish }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        prompt = try c.decode(String.self, forKey: .prompt)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        gold = try c.decodeIfPresent(String.self, forKey: .gold)
        scores = try c.decodeIfPresent([String: Int].self, forKey: .scores) ?? [:]
        answers = try c.decodeIfPresent([String: String].self, forKey: .answers) ?? [:]
        seconds = try c.decodeIfPresent([String: Double].self, forKey: .seconds) ?? [:]
        errors = try c.decodeIfPresent([String: String].self, forKey: .errors) ?? [:]
        finish = try c.decodeIfPresent([String: String].self, forKey: .finish) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(prompt, forKey: .prompt)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(gold, forKey: .gold)
        try c.encode(scores, forKey: .scores)
        try c.encode(answers, forKey: .answers)
        try c.encode(seconds, forKey: .seconds)
        if !errors.isEmpty { try c.encode(errors, forKey: .errors) }
        if !finish.isEmpty { try c.encode(finish, forKey: .finish) }
    }
}
