import Foundation

/// One piece of user feedback, kept with its prompt so a later training can replay it.
public struct FeedbackEvent: Sendable, Hashable, Codable {
    public var prompt: String
    /// The member's routing name.
    public var member: String
    /// 1 = answered well (thumbs up, pinned override), 0 = badly (thumbs down, retried away from).
    public var outcome: Double
    public var date: Date

    public init(prompt: String, member: String, outcome: Double, date: Date = Date()) {
        self.prompt = prompt
        self.member = member
        self.outcome = outcome
        self.date = date
    }
}
