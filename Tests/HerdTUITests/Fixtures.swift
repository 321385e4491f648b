import Foundation
import HerdCore
import HerdTUI

/// Small, fixed herds and decisions for the screen tests.
enum Fixtures {
    static let server = ServerEndpoint(baseURL: "http://127.0.0.1:8091")

    static let members: [MemberStatus] = [
        MemberStatus(member: Member(name: "tiny-a", endpoint: server, sizeB: 0.2, loaded: true)),
        MemberStatus(member: Member(name: "tiny-b", endpoint: server, sizeB: 0.6, loaded: false)),
        MemberStatus(member: Member(name: "tiny-c", endpoint: server, sizeB: 1.4, loaded: true)),
    ]

    static func decision(chosen: String = "tiny-b", mode: Decision.Mode = .auto, routerChoice: String? = nil) -> Decision {
        Decision(scores: [
            .init(member: "tiny-a", confidence: 0.42, utility: 0.40, cost: 0.1),
            .init(member: "tiny-b", confidence: 0.71, utility: 0.65, cost: 0.2),
            .init(member: "tiny-c", confidence: 0.55, utility: 0.40, cost: 0.5),
        ], chosen: chosen, routerChoice: routerChoice ?? "tiny-b", runnerUp: "tiny-a", lambda: 0.3, mode: mode,
           reason: "math, short", micros: 412, routerVersion: "test")
    }

    /// A state with the herd in place and the clock at 100 s.
    static func state(cols: Int = 80, rows: Int = 24) -> AppState {
        var s = AppState(members: members, lambda: 0.3, cols: cols, rows: rows)
        s.conversation = Conversation(id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
        s.now = 100
        return s
    }

    /// Types `text` and presses Enter.
    static func send(_ text: String, _ state: inout AppState) -> [Effect] {
        _ = App.update(&state, .key(.paste(text)))
        return App.update(&state, .key(.enter))
    }

    /// Sends a message and plays a whole reply from `member`.
    static func exchange(_ prompt: String, reply: String, member: String = "tiny-b", _ state: inout AppState) {
        let effects = send(prompt, &state)
        guard case let .route(id, _, _, _, _, _, _)? = effects.first(where: { if case .route = $0 { return true }; return false }) else { return }
        _ = App.update(&state, .decided(id: id, decision(chosen: member)))
        for (i, word) in reply.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            _ = App.update(&state, .token(id: id, text: (i == 0 ? "" : " ") + word, at: 100 + Double(i) * 0.01))
        }
        _ = App.update(&state, .streamEnded(id: id, StreamSummary(finishReason: "stop", completionTokens: 10, generationSeconds: 0.25), at: 101))
    }
}
