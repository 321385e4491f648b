/// One line of routing data: a prompt and how well each model answered it (0…1), and what each
/// answer cost when the data says so.
public struct RoutingExample: Sendable, Hashable, Codable {
    public var id: String?
    public var prompt: String
    /// Category or origin, when the data gives one (used only in reports).
    public var source: String?
    /// Model name (as in the data) → score in 0…1; a model missing here did not answer.
    public var scores: [String: Double]
    /// Per-model price of answering this prompt, in US dollars (`cost_usd`), when the data has it.
    public var costUSD: [String: Double]?
    /// Per-model measured time to answer this prompt, in seconds (`seconds`), when the data has it.
    public var seconds: [String: Double]?
    /// Where the row came from (for error messages).
    public var file: String?
    public var line: Int?

    public init(id: String? = nil, prompt: String, source: String? = nil, scores: [String: Double],
                costUSD: [String: Double]? = nil, seconds: [String: Double]? = nil, file: String? = nil, line: Int? = nil) {
        self.id = id
        self.prompt = prompt
        self.source = source
        self.scores = scores
        self.costUSD = costUSD
        self.seconds = seconds
        self.file = file
        self.line = line
    }
}
