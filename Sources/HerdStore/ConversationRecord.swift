import Foundation
import HerdCore

/// A conversation as JSON output writes it (`herd export`, `herd history --json`).
public struct ConversationRecord: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date?
    public var messageCount: Int
    public var members: [String]
    /// For a search: the best matching passage.
    public var snippet: String?
    public var messages: [MessageRecord]

    public init(_ c: Conversation, summary: ConversationSummary? = nil) {
        id = c.id.uuidString.lowercased()
        title = summary?.title ?? c.title
        createdAt = c.createdAt
        updatedAt = summary?.updatedAt
        messageCount = c.messages.count
        var seen = Set<String>()
        members = summary?.members ?? c.messages.compactMap(\.member).filter { seen.insert($0).inserted }
        snippet = summary?.snippet
        messages = c.messages.enumerated().map { MessageRecord($0.element, position: $0.offset) }
    }

    /// Pretty, key-sorted JSON with ISO 8601 dates.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }
}
