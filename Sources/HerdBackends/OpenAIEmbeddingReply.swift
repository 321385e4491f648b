/// `POST /v1/embeddings`' reply.
struct OpenAIEmbeddingReply: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var embedding: [Float]
        var index: Int?
    }

    var data: [Item]
}
