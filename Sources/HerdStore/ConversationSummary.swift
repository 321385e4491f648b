import Foundation

/// One line of `herd history`: a conversation without its messages.
public struct ConversationSummary: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    /// The stored title, or else the first user prompt on one line.
    public var title: String
    public var createdAt: Date
    /// Time of the last message written.
    public var updatedAt: Date
    public var messageCount: Int
    /// The members that answered, in the order they first did.
    public var members: [String]
    /// For a search: the best matching passage, hits wrapped in `[` `]`.
    public var snippet: String?

    public init(id: UUID, title: String, createdAt: Date, updatedAt: Date, messageCount: Int, members: [String],
                snippet: String? = nil) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messageCount = messageCount
        self.members = members
        self.snippet = snippet
    }
}
