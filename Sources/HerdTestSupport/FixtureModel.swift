/// A model the fixture server lists, with the metadata it reports.
public struct FixtureModel: Sendable, Hashable {
    public var id: String
    /// Parameter count in billions (reported by the Ollama flavour's `/api/show`).
    public var sizeB: Double?
    public var quantization: String?
    public var family: String
    public var contextLength: Int?
    public var loaded: Bool
    /// Embedding-only (llama-server's `--embeddings`, Ollama's `capabilities: ["embedding"]`).
    public var embedding: Bool

    public init(id: String, sizeB: Double? = nil, quantization: String? = nil, family: String = "llama",
                contextLength: Int? = nil, loaded: Bool = false, embedding: Bool = false) {
        self.id = id
        self.sizeB = sizeB
        self.quantization = quantization
        self.family = family
        self.contextLength = contextLength
        self.loaded = loaded
        self.embedding = embedding
    }

    /// Two chat models (one loaded) and one embedder.
    public static let defaults: [FixtureModel] = [
        FixtureModel(id: "alpha", sizeB: 8.0, quantization: "Q4_K_M", contextLength: 8192, loaded: true),
        FixtureModel(id: "beta", sizeB: 0.5, quantization: "Q8_0", family: "qwen2", contextLength: 32768),
        FixtureModel(id: "embedder", sizeB: 0.023, quantization: "F16", family: "bert", contextLength: 512, embedding: true),
    ]
}
