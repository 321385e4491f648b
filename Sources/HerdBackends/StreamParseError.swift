/// A line of a reply stream that could not be read: Server-Sent Events (OpenAI-compatible servers)
/// or newline-delimited JSON (Ollama).
public struct StreamParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream's format, as the message names it.
    public enum Format: String, Sendable, Hashable {
        case sse = "event stream"
        case ndjson = "JSON stream"
    }

    public var format: Format
    /// 1-based line number within the stream.
    public var line: Int
    /// The offending line (shortened).
    public var text: String
    public var reason: String

    public init(_ format: Format, line: Int, text: String, reason: String) {
        self.format = format
        self.line = line
        self.text = text
        self.reason = reason
    }

    public var description: String {
        "\(format.rawValue) line \(line): \(reason): \"\(text)\""
    }
}
