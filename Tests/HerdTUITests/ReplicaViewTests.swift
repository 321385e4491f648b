import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// A member with several replicas on screen: "2/3 up" in the panel, and a reply's failovers on the message.
@Suite struct ReplicaViewTests {
    static let gpus = (1...3).map { ServerEndpoint(baseURL: "http://10.0.0.\($0):8080", name: "gpu-\($0)") }

    static func state() -> AppState {
        var s = Fixtures.state(cols: 100, rows: 24)
        let member = Member(name: "tiny-b", endpoint: gpus[0], sizeB: 0.6, loaded: true, replicas: gpus)
        s.members[1] = MemberStatus(member: member, reachable: true, replicasUp: 2)
        return s
    }

    @Test func thePanelShowsHowManyReplicasAreUp() {
        let s = Self.state()
        let text = ScreenView.render(s).text
        #expect(text.contains("tiny-b 2/3 up"), "\(text)")
        #expect(!text.contains("tiny-a 1/1"), "a member with one server shows no count")
        assertSnapshot(ScreenView.render(s), named: "replicas-100x24")
    }

    @Test func replicaCountsFollowTheRuntimeAndAMemberWithNoneUpIsUnreachable() {
        var s = Self.state()
        _ = App.update(&s, .replicas(up: ["tiny-b": 3], unreachable: []))
        #expect(s.members[1].replicaText == "3/3 up")
        #expect(s.members[1].reachable)
        _ = App.update(&s, .replicas(up: ["tiny-b": 0], unreachable: []))
        #expect(s.members[1].reachable, "degraded replicas are still used")
        _ = App.update(&s, .replicas(up: ["tiny-b": 0], unreachable: ["tiny-b"]))
        #expect(!s.members[1].reachable)
        #expect(ScreenView.render(s).text.contains("unreachable"))
    }

    @Test func aFailoverIsKeptOnTheMessageAndShownUnderIt() {
        var s = Self.state()
        let effects = Fixtures.send("hi", &s)
        guard case let .route(id, _, _, _, _, _, _)? = effects.last else {
            Issue.record("no route effect: \(effects)")
            return
        }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        _ = App.update(&s, .token(id: id, text: "w0 w1", at: 100.1))
        let step = FailoverStep(from: "gpu-1", to: "gpu-2", tokensBefore: 2, continued: true, cause: "the server closed the connection")
        #expect(App.update(&s, .failover(id: id, step)).isEmpty, "no save mid-stream: the end of the stream saves it")
        _ = App.update(&s, .token(id: id, text: " w2", at: 100.3))
        let end = App.update(&s, .streamEnded(id: id, StreamSummary(finishReason: "stop"), at: 100.4))
        let m = s.conversation.messages[1]
        #expect(m.text == "w0 w1 w2")
        #expect(m.failovers == [step.text])
        guard case let .save(_, saved, _)? = end.first else {
            Issue.record("no save at the end: \(end)")
            return
        }
        #expect(saved.failovers == [step.text], "stored with the message")
        let lines = ChatPane.layout(m, width: 120, isLast: true).map { $0.map(\.text).joined() }
        #expect(lines.contains("  ↪ gpu-1 failed after 2 tokens (the server closed the connection); gpu-2 continued the answer"), "\(lines)")
        // A failover for another request (an old one) changes nothing.
        #expect(App.update(&s, .failover(id: id + 99, step)).isEmpty)
        #expect(s.conversation.messages[1].failovers.count == 1)
    }
}
