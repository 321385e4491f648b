import Foundation

/// A pick among answers to one prompt: `winner`'s answer was preferred to each of `losers`'.
/// Stored with the prompt and the router's confidences at the time, so the online update is a
/// pairwise one (a large step only where the router ranked the loser higher) and training can replay it.
public struct Preference: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    public var conversationID: UUID?
    /// The picked answer.
    public var messageID: UUID?
    public var prompt: String
    public var winner: String
    public var losers: [String]
    /// The router's confidences for the members compared, as the decision showed them.
    public var confidences: [String: Double]
    public var lambda: Double?
    public var routerVersion: String?
    public var createdAt: Date

    public init(id: UUID = UUID(), conversationID: UUID? = nil, messageID: UUID? = nil, prompt: String, winner: String,
                losers: [String], confidences: [String: Double] = [:], lambda: Double? = nil, routerVersion: String? = nil,
                createdAt: Date = Date()) {
        self.id = id
        self.conversationID = conversationID
        self.messageID = messageID
        self.prompt = prompt
        self.winner = winner
        self.losers = losers
        self.confidences = confidences
        self.lambda = lambda
        self.routerVersion = routerVersion
        self.createdAt = createdAt
    }
}
