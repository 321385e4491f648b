/// One Server-Sent Event, as dispatched by a blank line.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field; `nil` for the default "message" type. llama-server sends stream errors as
    /// `error: {…}` lines, which the parser reports with `event == "error"`.
    public var event: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    public var id: String?
    /// The `retry:` field in milliseconds, when sent.
    public var retry: Int?
    /// 1-based line number of the event's last `data:` line in the stream (for error messages);
    /// not part of equality.
    public var line: Int

    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil, line: Int = 0) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
        self.line = line
    }

    public static func == (a: SSEEvent, b: SSEEvent) -> Bool {
        a.event == b.event && a.data == b.data && a.id == b.id && a.retry == b.retry
    }

    public func hash(into h: inout Hasher) {
        h.combine(event)
        h.combine(data)
        h.combine(id)
        h.combine(retry)
    }

    /// `true` for OpenAI's end-of-stream marker `data: [DONE]`.
    public var isDone: Bool { data == "[DONE]" }
}
