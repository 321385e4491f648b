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
    public init(id: String, sizeB: Double? = nil, quantization: String? = nil, family: String? = nil,
                contextLength: Int? = nil, loaded: Bool? = nil, canChat: Bool = true) {
        self.id = id
        self.sizeB = sizeB
        self.quantization = quantization
        self.family = family
        self.contextLength = contextLength
        self.loaded = loaded
        self.canChat = canChat
    }
}
