/// One line of routing data: a prompt and how well each model answered it (0…1).
public struct RoutingExample: Sendable, Hashable, Codable {
    public var id: String?
    public var prompt: String
    /// Category or origin, when the data gives one (used only in reports).
    public var source: String?
    /// Model name (as in the data) → score in 0…1; a model missing here did not answer.
    public var scores: [String: Double]

    public init(id: String? = nil, prompt: String, source: String? = nil, scores: [String: Double]) {
        self.id = id
        self.prompt = prompt
        self.source = source
        self.scores = scores
    }
}
