import Foundation
import HerdCore

/// A message as `herd export --format json` and `herd history --json` write it: the status as a plain word
/// with its reason beside it, and the decision that produced the message.
public struct MessageRecord: Sendable, Hashable, Codable {
    public var id: String
    public var position: Int
    public var role: String
    public var text: String
    public var member: String?
    /// `streaming`, `complete`, `stopped` or `failed`.
    public var status: String
    public var failureReason: String?
    public var completionTokens: Int?
    public var seconds: Double?
    public var tokensPerSecond: Double?
    public var rating: Int?
    public var decision: Decision?
    /// Compare column or cascade step, when the message is one of several answers to one prompt.
    public var group: AnswerGroup?
    /// How the reply moved between replicas when one failed; left out when it did not.
    public var failovers: [String]?

    public init(_ m: Message, position: Int) {
        let (status, reason) = Store.encode(m.status)
        id = m.id.uuidString.lowercased()
        self.position = position
        role = m.role.rawValue
        text = m.text
        member = m.member
        self.status = status
        failureReason = reason
        completionTokens = m.completionTokens
        seconds = m.seconds
        tokensPerSecond = m.tokensPerSecond
        rating = m.rating
        decision = m.decision
        group = m.group
        failovers = m.failovers.isEmpty ? nil : m.failovers
    }
}
