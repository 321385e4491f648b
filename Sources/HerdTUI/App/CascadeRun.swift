import Foundation
import HerdCore

/// One prompt going through the cascade: the cheapest confident member first, then, while the
/// answer is weak, the next member by utility. Each step is an assistant message marked with the
/// run's `AnswerGroup` (kept and stored; the step that answered is `chosen`).
public struct CascadeRun: Sendable, Hashable {
    /// Steps at most (the first answer and two escalations).
    public static let maxSteps = CascadePolicy.maxSteps

    public var group: UUID
    public var routeID: Int
    public var prompt: String
    public var messages: [ChatMessage]
    public var decision: Decision?
    /// Members asked so far, in order.
    public var asked: [String] = []
    /// Message index of each step.
    public var steps: [Int] = []

    public init(group: UUID, routeID: Int, prompt: String, messages: [ChatMessage]) {
        self.group = group
        self.routeID = routeID
        self.prompt = prompt
        self.messages = messages
    }
}
