/// One question of a bench suite: a prompt, the gold answer and how to grade it.
public struct BenchQuestion: Sendable, Hashable {
    /// How an answer to this question is graded.
    public enum Kind: Sendable, Hashable {
        /// Multiple choice: the gold is an option letter; `options` are the lettered choices.
        case multipleChoice(options: [ChoiceOption])
        /// A number (GSM8K style): the gold is compared numerically with the last number of the answer.
        case numeric
        /// A verifiable instruction: the gold is the check's text (`words:3 && lower`), graded by its rules.
        case check(InstructionCheck)
    }

    /// Stable key of the question; resuming a run matches records by it.
    public var id: String
    /// The text as a user would paste it (for multiple choice, with its lettered options).
    public var prompt: String
    /// Where the question comes from, e.g. `mmlu_pro/engineering`.
    public var source: String
    /// The gold answer as written in the suite: a letter, or a number as text.
    public var gold: String
    public var kind: Kind

    public init(id: String, prompt: String, source: String, gold: String, kind: Kind) {
        self.id = id
        self.prompt = prompt
        self.source = source
        self.gold = gold
        self.kind = kind
    }
}
