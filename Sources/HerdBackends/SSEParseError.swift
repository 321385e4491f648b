/// A line of an event stream that is not Server-Sent Events.
public struct SSEParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number within the stream.
    public var line: Int
    /// The offending line (shortened).
    public var text: String
    public var reason: String

    public init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }

    public var description: String {
        "event stream line \(line): \(reason): \"\(text)\""
    }
}
