import Foundation
import HerdCore
@testable import HerdTUI
import Testing

@Suite struct AppUpdateTests {
    @Test func sendingRoutesThenStreamsFromTheChosenMember() throws {
        var s = Fixtures.state()
        let effects = Fixtures.send("what is 2+2?", &s)
        #expect(s.conversation.messages.map(\.role) == [.user, .assistant])
        #expect(s.conversation.messages[1].status == .streaming)
        #expect(s.input.isEmpty)
        guard case let .route(id, prompt, history, lambda, pin, mode, _)? = effects.last else {
            Issue.record("expected a route effect, got \(effects)")
            return
        }
        #expect(prompt == "what is 2+2?")
        #expect(history.isEmpty)
        #expect(lambda == 0.3)
        #expect(pin == nil)
        #expect(mode == .auto)
        let after = App.update(&s, .decided(id: id, Fixtures.decision()))
        #expect(s.conversation.messages[1].member == "tiny-b")
        guard case let .stream(sid, member, request, saveAs)? = after.last else {
            Issue.record("expected a stream effect, got \(after)")
            return
        }
        #expect(sid == id)
        #expect(member == "tiny-b")
        #expect(request.messages == [ChatMessage(role: .user, content: "what is 2+2?")])
        #expect(saveAs == MessageRef(conversation: s.conversation.id, position: 1, message: s.conversation.messages[1].id))
        // Tokens are saved by the runtime as they arrive: the app sends no whole-message save per token.
        #expect(App.update(&s, .token(id: id, text: "", at: 100.05)).isEmpty)
        _ = App.update(&s, .token(id: id, text: "Four", at: 100.1))
        _ = App.update(&s, .token(id: id, text: ".", at: 100.2))
        _ = App.update(&s, .streamEnded(id: id, StreamSummary(finishReason: "stop"), at: 100.3))
        #expect(s.conversation.messages[1].text == "Four.")
        #expect(s.conversation.messages[1].status == .complete)
        #expect(s.active == nil)
    }

    @Test func escStopsTheStreamAndKeepsThePartialReply() {
        var s = Fixtures.state()
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("tell me a story", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        _ = App.update(&s, .token(id: id, text: "Once upon", at: 100.1))
        let effects = App.update(&s, .key(.esc))
        #expect(effects.contains(.cancel(id: id)))
        #expect(s.conversation.messages[1].status == .stopped)
        #expect(s.conversation.messages[1].text == "Once upon")
        // Tokens that were already in flight do not reopen the message.
        _ = App.update(&s, .token(id: id, text: " a time", at: 100.2))
        #expect(s.conversation.messages[1].text == "Once upon")
    }

    @Test func aFailedStreamKeepsWhatArrivedAndSaysWhy() {
        var s = Fixtures.state()
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        _ = App.update(&s, .token(id: id, text: "Hel", at: 100.1))
        _ = App.update(&s, .streamFailed(id: id, message: "127.0.0.1:8091 closed the stream early", at: 100.2))
        #expect(s.conversation.messages[1].text == "Hel")
        #expect(s.conversation.messages[1].status == .failed("127.0.0.1:8091 closed the stream early"))
    }

    @Test func altPinsForOneMessageThenForTheConversation() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.alt("3")))
        #expect(s.pin == Pin(member: "tiny-c", scope: .nextMessage))
        guard case let .route(_, _, _, _, pin, mode, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        #expect(pin == "tiny-c")
        #expect(mode == .pinnedOnce)
        #expect(s.pin == nil)
        s.active = nil
        _ = App.update(&s, .key(.alt("2")))
        _ = App.update(&s, .key(.alt("2")))
        #expect(s.pin == Pin(member: "tiny-b", scope: .conversation))
        _ = App.update(&s, .key(.alt("0")))
        #expect(s.pin == nil)
        _ = App.update(&s, .key(.alt("7")))
        #expect(s.pin == nil)
        #expect(s.notice?.text.contains("no member 7") == true)
    }

    @Test func anOverrideIsReportedAsFeedback() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.alt("1")))
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        let effects = App.update(&s, .decided(id: id, Fixtures.decision(chosen: "tiny-a", mode: .pinnedOnce, routerChoice: "tiny-b")))
        let feedback = effects.compactMap { e -> Feedback? in if case let .feedback(f) = e { return f }; return nil }
        #expect(feedback.count == 1)
        #expect(feedback.first?.kind == .override)
        #expect(feedback.first?.member == "tiny-b")
        #expect(feedback.first?.replacement == "tiny-a")
    }

    @Test func retryAsksAnotherMemberAndKeepsBothAnswers() {
        var s = Fixtures.state()
        Fixtures.exchange("hi", reply: "Greetings", member: "tiny-b", &s)
        let effects = App.update(&s, .key(.ctrl("r")))
        #expect(s.conversation.messages.count == 3)
        #expect(s.conversation.messages[1].text == "Greetings")
        guard case let .route(_, prompt, history, _, _, mode, exclude)? = effects.last else { Issue.record("no route: \(effects)"); return }
        #expect(prompt == "hi")
        #expect(history.isEmpty)
        #expect(mode == .retry)
        #expect(exclude == ["tiny-b"])
        #expect(effects.contains { if case let .feedback(f) = $0 { return f.kind == .retry && f.member == "tiny-b" }; return false })
    }

    @Test func ratingsGoToTheLastAnswer() {
        var s = Fixtures.state()
        Fixtures.exchange("hi", reply: "Hello", member: "tiny-a", &s)
        let effects = App.update(&s, .key(.ctrl("u")))
        #expect(s.conversation.messages[1].rating == 1)
        #expect(effects.contains { if case let .feedback(f) = $0 { return f.kind == .rating && f.rating == 1 && f.member == "tiny-a" }; return false })
        _ = App.update(&s, .key(.ctrl("d")))
        #expect(s.conversation.messages[1].rating == -1)
    }

    @Test func bracketsMoveLambdaAndReRankAtOnce() {
        var s = Fixtures.state()
        s.decision = Fixtures.decision()
        for _ in 0..<10 { _ = App.update(&s, .key(.char("]"))) }
        #expect(abs(s.lambda.value - 0.8) < 1e-9)
        // utilities: a 0.42-0.08=0.34, b 0.71-0.16=0.55, c 0.55-0.40=0.15
        #expect(s.decision?.chosen == "tiny-b")
        _ = App.update(&s, .key(.paste("/lambda 2")))
        _ = App.update(&s, .key(.enter))
        // a 0.42-0.2=0.22, b 0.71-0.4=0.31 → still b; at 4: a 0.02, b -0.09
        #expect(s.lambda == 2)
        _ = App.update(&s, .key(.paste("/lambda 4")))
        _ = App.update(&s, .key(.enter))
        #expect(s.decision?.chosen == "tiny-a")
        // In a non-empty draft, brackets are text.
        _ = App.update(&s, .key(.char("x")))
        _ = App.update(&s, .key(.char("[")))
        #expect(s.input.string == "x[")
        #expect(s.lambda == 4)
    }

    @Test func slashCommandsAndCompletion() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.paste("/mo")))
        _ = App.update(&s, .key(.tab))
        #expect(s.input.string == "/model ")
        _ = App.update(&s, .key(.paste("tiny-c")))
        _ = App.update(&s, .key(.enter))
        #expect(s.pin == Pin(member: "tiny-c", scope: .conversation))
        _ = App.update(&s, .key(.paste("/auto")))
        _ = App.update(&s, .key(.enter))
        #expect(s.pin == nil)
        _ = App.update(&s, .key(.paste("/model nobody")))
        _ = App.update(&s, .key(.enter))
        #expect(s.notice?.text.contains("no member named") == true)
        _ = App.update(&s, .key(.paste("/frobnicate")))
        _ = App.update(&s, .key(.enter))
        #expect(s.notice?.text.contains("unknown command") == true)
    }

    @Test func inputEditingHistoryAndMultiLine() {
        var s = Fixtures.state()
        Fixtures.exchange("first", reply: "ok", &s)
        _ = App.update(&s, .key(.paste("hello world")))
        _ = App.update(&s, .key(.wordLeft))
        _ = App.update(&s, .key(.char("X")))
        #expect(s.input.string == "hello Xworld")
        _ = App.update(&s, .key(.altEnter))
        _ = App.update(&s, .key(.char("2")))
        #expect(s.input.string == "hello X\n2world")
        s.input = InputState()
        _ = App.update(&s, .key(.up))
        #expect(s.input.string == "first")
        _ = App.update(&s, .key(.down))
        #expect(s.input.string == "")
    }

    @Test func previewIsDebouncedOnTheClock() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.paste("integrate x^2")))
        #expect(App.update(&s, .tick(100.1)).isEmpty)
        let effects = App.update(&s, .tick(100.4))
        #expect(effects == [.preview(draft: "integrate x^2", lambda: 0.3)])
        #expect(App.update(&s, .tick(101)).isEmpty)
    }

    @Test func ctrlYCopiesTheLastCodeBlock() {
        var s = Fixtures.state()
        Fixtures.exchange("code?", reply: "Here:\n```swift\nprint(1)\nprint(2)\n```\ndone", &s)
        let effects = App.update(&s, .key(.ctrl("y")))
        #expect(effects == [.copy("print(1)\nprint(2)")])
    }
}

/// A long conversation arrives as a window of its newest messages (`Conversation.earlier`).
@Suite struct WindowedConversationTests {
    @Test func savesLandAfterTheWindowAndTheTopSaysWhereTheRestIs() throws {
        var state = Fixtures.state()
        var c = Conversation(id: UUID(uuidString: "0000000A-0000-0000-0000-000000000001")!, title: "long")
        for i in 0..<4 {
            let user = i % 2 == 0
            c.messages.append(Message(role: user ? .user : .assistant, text: "m\(i)", member: user ? nil : "tiny-b"))
        }
        c.earlier = 496
        _ = App.update(&state, .loaded(c))
        let effects = Fixtures.send("next", &state)
        let positions = effects.compactMap { e -> Int? in
            if case let .save(_, _, position) = e { return position }
            return nil
        }
        #expect(positions.contains(500), "the new message is the 501st of the conversation: \(positions)")
        #expect(!positions.contains { $0 < 496 })

        // Scrolled to the top of what is loaded, the pane says how many are not, and where they are.
        for _ in 0..<5 { _ = App.update(&state, .key(.pageUp)) }
        let screen = ScreenView.render(state).text
        #expect(screen.contains("… 496 earlier messages: herd export 0000000a"), "\(screen)")
    }
}
