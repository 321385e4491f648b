/// One move of a request from a failed replica to another, for the log and the message.
public struct FailoverStep: Sendable, Hashable, Codable {
    /// The server that failed and the one the request moved to (`nil`: none was left).
    public var from: String
    public var to: String?
    /// Tokens the failed replica had sent.
    public var tokensBefore: Int
    /// `true` when the new replica continues the partial answer; `false` when it starts over.
    public var continued: Bool
    public var cause: String

    public init(from: String, to: String?, tokensBefore: Int, continued: Bool, cause: String) {
        self.from = from
        self.to = to
        self.tokensBefore = tokensBefore
        self.continued = continued
        self.cause = cause
    }

    /// One line for the message and the log.
    public var text: String {
        let what = tokensBefore == 0 ? "\(from) failed before answering" : "\(from) failed after \(tokensBefore) token\(tokensBefore == 1 ? "" : "s")"
        guard let to else { return "\(what) (\(cause)); no other replica is up" }
        if tokensBefore == 0 { return "\(what) (\(cause)); sent to \(to)" }
        return continued ? "\(what) (\(cause)); \(to) continued the answer"
            : "\(what) (\(cause)); \(to) started the answer over"
    }
}
