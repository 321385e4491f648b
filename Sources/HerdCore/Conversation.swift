import Foundation

/// A conversation: an ordered list of messages.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    public var title: String
    public var messages: [Message]
    public var createdAt: Date
    /// Older messages not loaded (the store hands a long conversation over as a window of its
    /// newest messages): `messages[i]` sits at position `earlier + i` in the conversation.
    public var earlier: Int = 0

    enum CodingKeys: String, CodingKey { case id, title, messages, createdAt }
    public init(id: UUID = UUID(), title: String = "", messages: [Message] = [], createdAt: Date = Date()) {
        self.id = id
        self.title = title
        self.messages = messages
        self.createdAt = createdAt
    }

    /// The turns to send to a model: complete or stopped text, failed replies left out. Of several
    /// answers to one prompt (compare, cascade) only the chosen one goes; the first while none is chosen.
    public var chatHistory: [ChatMessage] {
        let decided = Set(messages.compactMap { $0.group?.chosen == true ? $0.group?.id : nil })
        return messages.compactMap { m in
            if case .failed = m.status { return nil }
            if let g = m.group, decided.contains(g.id) ? !g.chosen : g.slot != 0 { return nil }
            if m.role == .assistant && m.text.isEmpty { return nil }
            return ChatMessage(role: m.role, content: m.text)
        }
    }
}
