/// `[router.embeddings]`: the embedding model the router may use for its dense features.
public struct EmbeddingsConfig: Sendable, Hashable, Codable {
    /// A `[[servers]]` name or a server URL.
    public var server: String
    public var model: String

    public init(server: String, model: String) {
        self.server = server
        self.model = model
    }
}
