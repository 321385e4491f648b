/// The wire protocol a model server speaks.
public enum ServerProtocol: String, Sendable, Codable, Hashable, CaseIterable {
    /// Ollama's native API (`/api/chat`, NDJSON).
    case ollama
    /// The OpenAI-compatible API (`/v1/chat/completions`, SSE): llama-server, vLLM, LM Studio.
    case openAI = "openai"
}
