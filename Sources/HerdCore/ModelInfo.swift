/// A model as a server lists it, with whatever metadata the server exposes.
public struct ModelInfo: Sendable, Hashable, Codable {
    public var id: String
    /// Parameter count in billions, when known.
    public var sizeB: Double?
    public var quantization: String?
    public var family: String?
    public var contextLength: Int?
    /// Loaded in memory right now; `nil` when the server does not say.
    public var loaded: Bool?
    /// `false` for models that only embed (never offered as chat members).
    public var canChat: Bool
    /// Other names the model is known by (its GGUF file name, the name it was published under),
    /// for mapping it to routing data when its id is a local alias.
    public var aliases: [String]
    /// Instruction-tuned, when the server tells (a GGUF without a chat template is a base model).
    public var instructTuned: Bool?
    /// The content hash of the weights, when the server reports one (Ollama): two servers
    /// listing the same name and digest serve the same model, so they are replicas of one member.
    public var digest: String?
    public init(id: String, sizeB: Double? = nil, quantization: String? = nil, family: String? = nil,
                contextLength: Int? = nil, loaded: Bool? = nil, canChat: Bool = true, aliases: [String] = [],
                instructTuned: Bool? = nil, digest: String? = nil) {
        self.digest = digest
        self.id = id
        self.sizeB = sizeB
        self.quantization = quantization
        self.family = family
        self.contextLength = contextLength
        self.loaded = loaded
        self.canChat = canChat
        self.aliases = aliases
        self.instructTuned = instructTuned
    }
}
