import Foundation
import HerdCore

/// Values the store tests write and read back.
enum Fixtures {
    static func decision(chosen: String = "tiny-b", mode: Decision.Mode = .auto) -> Decision {
        Decision(scores: [Decision.Score(member: "tiny-a", confidence: 0.31, utility: 0.21),
                          Decision.Score(member: "tiny-b", confidence: 0.82, utility: 0.61),
                          Decision.Score(member: "tiny-c", confidence: nil, utility: nil, isPrior: true, available: false)],
                 chosen: chosen, routerChoice: "tiny-b", runnerUp: "tiny-a", lambda: 0.3, mode: mode,
                 reason: "math, short", micros: 412.5, routerVersion: "test-1")
    }

    /// A conversation with every kind of message status, dates on whole seconds so they survive the round trip.
    static func conversation(title: String = "", prompt: String = "what is the derivative of x^3?") -> Conversation {
        Conversation(title: title, messages: [
            Message(role: .system, text: "be brief"),
            Message(role: .user, text: prompt),
            Message(role: .assistant, text: "3x^2", member: "tiny-b", status: .complete, decision: decision(),
                    completionTokens: 4, seconds: 0.25, tokensPerSecond: 16, rating: 1),
            Message(role: .user, text: "and of x^4?"),
            Message(role: .assistant, text: "4x", member: "tiny-a", status: .stopped,
                    decision: decision(chosen: "tiny-a", mode: .pinned)),
            Message(role: .user, text: "thanks"),
            Message(role: .assistant, text: "", member: "tiny-c", status: .failed("tiny-c is unreachable: refused"),
                    decision: decision(chosen: "tiny-c", mode: .retry)),
        ], createdAt: Date(timeIntervalSince1970: 1_790_000_000))
    }
}
