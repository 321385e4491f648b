import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// Cascade mode driven through `App.update`: cheapest confident member first, a weak answer escalates, both kept.
@Suite struct CascadeTests {
    /// tiny-a is cheap and clears 0.5; tiny-b is more confident; tiny-c costs most.
    static func decision() -> Decision {
        Decision(scores: [
            .init(member: "tiny-a", confidence: 0.60, utility: 0.57, cost: 0.1),
            .init(member: "tiny-b", confidence: 0.71, utility: 0.65, cost: 0.2),
            .init(member: "tiny-c", confidence: 0.80, utility: 0.55, cost: 0.5),
        ], chosen: "tiny-b", routerChoice: "tiny-b", runnerUp: "tiny-a", lambda: 0.3, mode: .auto,
           reason: "test", micros: 100, routerVersion: "test")
    }

    static func streamed(_ effects: [Effect]) -> (id: Int, member: String, request: ChatRequest)? {
        effects.lazy.compactMap { if case let .stream(id, m, r, _) = $0 { return (id, m, r) } else { return nil } }.first
    }

    @Test func anEmptyFirstAnswerEscalatesAndBothAreKept() throws {
        var s = Fixtures.state(cols: 100, rows: 30)
        _ = Fixtures.send("/cascade", &s)
        #expect(s.cascadeOn)
        let sent = Fixtures.send("what is 2+2?", &s)
        guard case let .route(rid, _, _, _, _, mode, _)? = sent.last else { Issue.record("no route"); return }
        #expect(mode == .cascade)
        let first = try #require(Self.streamed(App.update(&s, .decided(id: rid, Self.decision()))))
        // The cheapest member whose confidence clears 0.5, not the router's best by utility.
        #expect(first.member == "tiny-a")
        #expect(first.request.logprobs)
        // An empty reply: weak; escalates to the next by utility among the more confident (tiny-b, not tiny-c).
        let escalated = App.update(&s, .streamEnded(id: first.id, StreamSummary(finishReason: "stop", completionTokens: 0), at: 101))
        let second = try #require(Self.streamed(escalated))
        #expect(second.member == "tiny-b")
        let savedFirst = escalated.compactMap { if case let .save(_, m, _) = $0 { return m } else { return nil } }
        #expect(savedFirst.contains { $0.member == "tiny-a" && $0.group?.note == "empty reply" && $0.group?.chosen == false })
        _ = App.update(&s, .token(id: second.id, text: "It is 4.", at: 101.5))
        let done = App.update(&s, .streamEnded(id: second.id, StreamSummary(finishReason: "stop", completionTokens: 4), at: 102))
        #expect(s.cascade == nil && s.active == nil)
        let answers = s.conversation.messages.filter { $0.role == .assistant }
        #expect(answers.map(\.member) == ["tiny-a", "tiny-b"])
        #expect(answers.map { $0.group?.chosen } == [false, true])
        #expect(answers.map { $0.group?.slot } == [0, 1])
        #expect(done.contains { if case let .save(_, m, _) = $0 { return m.member == "tiny-b" && m.group?.chosen == true } else { return false } })
        #expect(s.conversation.chatHistory.map(\.content) == ["what is 2+2?", "It is 4."])
        let screen = ScreenView.render(s).text
        #expect(screen.contains("weak: empty reply → escalated") && screen.contains("step 2 · answered"), "\(screen)")
        assertSnapshot(ScreenView.render(s), named: "cascade-100x30")
    }

    @Test func aGoodFirstAnswerIsTheAnswer() throws {
        var s = Fixtures.state()
        _ = Fixtures.send("/cascade", &s)
        guard case let .route(rid, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        let first = try #require(Self.streamed(App.update(&s, .decided(id: rid, Self.decision()))))
        _ = App.update(&s, .token(id: first.id, text: "Hello there.", at: 100.5))
        let end = App.update(&s, .streamEnded(id: first.id, StreamSummary(finishReason: "stop", meanLogprob: -0.2), at: 101))
        #expect(Self.streamed(end) == nil)
        #expect(s.cascade == nil)
        #expect(s.conversation.messages.last?.group?.chosen == true)
    }

    @Test func lowLogprobOrATruncatedReplyEscalatesToTheLastStrongerMemberThenStops() throws {
        var s = Fixtures.state()
        _ = Fixtures.send("/cascade", &s)
        guard case let .route(rid, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        let a = try #require(Self.streamed(App.update(&s, .decided(id: rid, Self.decision()))))
        _ = App.update(&s, .token(id: a.id, text: "Maybe five?", at: 100.5))
        let b = try #require(Self.streamed(App.update(&s, .streamEnded(id: a.id, StreamSummary(meanLogprob: -2.4), at: 101))))
        #expect(b.member == "tiny-b")
        _ = App.update(&s, .token(id: b.id, text: "It is", at: 101.5))
        let c = try #require(Self.streamed(App.update(&s, .streamEnded(id: b.id, StreamSummary(finishReason: "length"), at: 102))))
        #expect(c.member == "tiny-c")
        _ = App.update(&s, .token(id: c.id, text: "I'm sorry, I cannot help.", at: 102.5))
        // A refusal, but no stronger member is left: the last step answers, and says so.
        #expect(Self.streamed(App.update(&s, .streamEnded(id: c.id, StreamSummary(), at: 103))) == nil)
        let notes = s.conversation.messages.filter { $0.role == .assistant }.map { $0.group?.note ?? "" }
        #expect(notes[0].contains("mean log-probability -2.40 < -1.50"), "\(notes)")
        #expect(notes[1].contains("truncated"))
        #expect(notes[2].contains("refusal") && notes[2].contains("no stronger member left"))
        #expect(s.conversation.messages.last?.group?.chosen == true)
    }

    @Test func aMembersOwnLogprobThresholdDecidesAndThePanelShowsIt() throws {
        var s = Fixtures.state(cols: 100, rows: 30)
        let i = try #require(s.members.firstIndex { $0.name == "tiny-a" })
        s.members[i].member.weakLogprob = -3
        _ = Fixtures.send("/cascade", &s)
        guard case let .route(rid, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        let a = try #require(Self.streamed(App.update(&s, .decided(id: rid, Self.decision()))))
        #expect(a.member == "tiny-a")
        let panel = ScreenView.render(s).text
        #expect(panel.contains("tiny-a weak < -3.00") && !panel.contains("tiny-b weak"), "\(panel)")
        _ = App.update(&s, .token(id: a.id, text: "Maybe five?", at: 100.5))
        // -2.4 is weak by the default (-1.5), not by tiny-a's own -3: its answer stands.
        #expect(Self.streamed(App.update(&s, .streamEnded(id: a.id, StreamSummary(meanLogprob: -2.4), at: 101))) == nil)
        #expect(s.cascade == nil)
        #expect(s.conversation.messages.last?.member == "tiny-a" && s.conversation.messages.last?.group?.chosen == true)
    }

    @Test func weakAnswerSignals() {
        #expect(WeakAnswer.reason(text: "  \n", summary: StreamSummary()) == "empty reply")
        #expect(WeakAnswer.reason(text: "ok", summary: StreamSummary(finishReason: "length"))?.hasPrefix("truncated") == true)
        #expect(WeakAnswer.reason(text: "I’m sorry, but I can’t do that.", summary: StreamSummary()) == "refusal")
        #expect(WeakAnswer.reason(text: "Paris.", summary: StreamSummary(meanLogprob: -0.3)) == nil)
        #expect(WeakAnswer.reason(text: "Paris.", summary: StreamSummary(meanLogprob: -0.3), logprobThreshold: -0.1) != nil)
        #expect(WeakAnswer.reason(text: "Paris.", summary: StreamSummary()) == nil)
    }
}
