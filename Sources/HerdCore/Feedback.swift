import Foundation

/// A signal from the user about one routed answer: a rating, a retry with another member, or an override
/// (a pin that replaced the router's choice). Stored with the prompt so router training can replay it.
public struct Feedback: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Ctrl-U / Ctrl-D: `rating` is +1 or −1 for `member`'s answer.
        case rating
        /// Ctrl-R: `member`'s answer was not good enough; `replacement` answered instead.
        case retry
        /// The user pinned `replacement` although the router chose `member`.
        case override
    }

    public var id: UUID
    public var kind: Kind
    public var conversationID: UUID?
    /// The answer the feedback is about.
    public var messageID: UUID?
    /// The user prompt that was routed.
    public var prompt: String
    /// The member the feedback is about: the rated one, the one retried away from, or the router's choice that was overridden.
    public var member: String
    /// The member that answered instead (retry, override).
    public var replacement: String?
    /// +1 or −1 for `.rating`.
    public var rating: Int?
    public var lambda: Double?
    public var routerVersion: String?
    public var createdAt: Date

    public init(id: UUID = UUID(), kind: Kind, conversationID: UUID? = nil, messageID: UUID? = nil, prompt: String,
                member: String, replacement: String? = nil, rating: Int? = nil, lambda: Double? = nil,
                routerVersion: String? = nil, createdAt: Date = Date()) {
        self.id = id
        self.kind = kind
        self.conversationID = conversationID
        self.messageID = messageID
        self.prompt = prompt
        self.member = member
        self.replacement = replacement
        self.rating = rating
        self.lambda = lambda
        self.routerVersion = routerVersion
        self.createdAt = createdAt
    }
}
