import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// The cached frame and router panel: the same screen as drawing everything, and drawn again
/// exactly when something they show changed.
@Suite struct ViewCacheTests {
    /// Renders with the cache and without; they must be the same cells. Returns how often the cache drew.
    @discardableResult
    static func check(_ s: AppState, _ cache: ViewCache, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let cached = ScreenView.render(s, cache: cache)
        let plain = ScreenView.render(s)
        #expect(cached == plain, "\(what):\n\(cached.text)\n---\n\(plain.text)", sourceLocation: sourceLocation)
        return cache.draws
    }

    @Test func streamingReusesTheBackground() {
        let cache = ViewCache()
        var s = Fixtures.state(cols: 120, rows: 40)
        Fixtures.exchange("what is the derivative of x^3?", reply: "It is **3x^2**, by the power rule.", &s)
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("and of x^4?", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        let first = Self.check(s, cache, "decided")
        for t in 0..<50 {
            _ = App.update(&s, .token(id: id, text: (t % 7 == 6 ? "\n" : " ") + "w\(t) é 漢", at: 100.5 + Double(t) * 0.01))
            Self.check(s, cache, "token \(t)")
        }
        #expect(cache.draws == first, "tokens changed nothing the background shows")
        _ = App.update(&s, .streamEnded(id: id, StreamSummary(finishReason: "stop", completionTokens: 50), at: 101))
        Self.check(s, cache, "ended")
        // Scrolling, typing without a preview and the help overlay are drawn over the same background.
        let before = cache.draws
        _ = App.update(&s, .key(.pageUp))
        Self.check(s, cache, "scrolled")
        _ = App.update(&s, .key(.paste("next question")))
        Self.check(s, cache, "typing")
        _ = App.update(&s, .key(.function(1)))
        Self.check(s, cache, "help")
        _ = App.update(&s, .key(.function(1)))
        #expect(cache.draws == before)
    }

    /// An empty conversation's welcome is background too: it says how the herd stands, and goes
    /// when the first message is sent.
    @Test func welcome() {
        let cache = ViewCache()
        var s = AppState(cols: 120, rows: 40)
        s.findingHerd = true
        var draws = Self.check(s, cache, "finding the herd")
        #expect(ScreenView.render(s, cache: cache).text.contains("Finding your herd"))
        _ = App.update(&s, .key(.paste("/ne")))
        #expect(Self.check(s, cache, "typing") == draws)
        _ = App.update(&s, .herd(members: Fixtures.members, notice: nil))
        let now = Self.check(s, cache, "members found")
        #expect(now > draws && ScreenView.render(s, cache: cache).text.contains("3 of 3 members reachable"))
        draws = now
        s.members[0].reachable = false
        #expect(Self.check(s, cache, "one unreachable") > draws)
        #expect(ScreenView.render(s, cache: cache).text.contains("2 of 3 members reachable"))
        for _ in 0..<3 { _ = App.update(&s, .key(.backspace)) }
        Fixtures.exchange("hi", reply: "Greetings.", &s)
        Self.check(s, cache, "first exchange")
        #expect(!ScreenView.render(s, cache: cache).text.contains("members reachable"))
        _ = App.update(&s, .resize(cols: 60, rows: 20))
        _ = App.update(&s, .key(.paste("/new")))
        _ = App.update(&s, .key(.enter))
        Self.check(s, cache, "a new conversation, narrower")
        #expect(ScreenView.render(s, cache: cache).text.contains("members"))
    }

    @Test func redrawsWhenWhatItShowsChanges() {
        let cache = ViewCache()
        var s = Fixtures.state(cols: 120, rows: 40)
        var draws = Self.check(s, cache, "empty")
        func changed(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let now = Self.check(s, cache, what, sourceLocation: sourceLocation)
            #expect(now == draws + 1, "\(what) must redraw the background", sourceLocation: sourceLocation)
            draws = now
        }
        // The first message gives the conversation its title (the frame's).
        Fixtures.exchange("hi", reply: "Greetings from tiny-b.", &s)
        changed("title and decision")
        _ = App.update(&s, .resize(cols: 100, rows: 30))
        changed("width and height")
        _ = App.update(&s, .resize(cols: 60, rows: 30))
        changed("narrower")
        _ = App.update(&s, .resize(cols: 40, rows: 30))
        changed("no panel")
        _ = App.update(&s, .resize(cols: 100, rows: 30))
        changed("panel again")
        s.lambda = Lambda(0.8)
        changed("λ")
        s.members[1].reachable = false
        changed("a member unreachable")
        s.members[2].replicasUp = 0
        s.members[2].member.replicas = [Fixtures.server, ServerEndpoint(baseURL: "http://127.0.0.1:8092")]
        changed("replicas")
        s.members[0].source = .yourData
        changed("a confidence's source")
        _ = App.update(&s, .key(.alt("3")))
        _ = App.update(&s, .key(.alt("3")))
        changed("pinned")
        s.cascadeOn = true
        changed("cascade on")
        s.cascadeThresholds = ["tiny-a": 0.4]
        changed("a cascade threshold")
        s.compareNext = 2
        changed("compare next")
        s.calibration = .running(done: 3, total: 20, secondsLeft: 60)
        changed("calibrating")
        s.findingHerd = true
        s.members = []
        changed("no members")
        // The draft's third line makes the input box taller: the frame's separator moves.
        s.members = Fixtures.members
        changed("members back")
        _ = App.update(&s, .key(.paste("one\ntwo\nthree")))
        changed("taller input box")
        // A comparison's panel lists who was asked and who was picked, from the conversation.
        let g = UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!
        s.decision = Fixtures.decision(mode: .compare)
        s.conversation.messages.append(Message(role: .assistant, text: "a", member: "tiny-a", group: AnswerGroup(kind: .compare, id: g, slot: 0)))
        s.conversation.messages.append(Message(role: .assistant, text: "b", member: "tiny-b", group: AnswerGroup(kind: .compare, id: g, slot: 1)))
        changed("compare")
        s.conversation.messages[s.conversation.messages.count - 1].group?.chosen = true
        changed("picked")
        // The theme colours roles, not cells: the cells stay, and still match.
        s.theme.name = "other"
        #expect(Self.check(s, cache, "theme") == draws)
        // Too small for the TUI: the message alone, with or without the cache.
        _ = App.update(&s, .resize(cols: 10, rows: 5))
        Self.check(s, cache, "too small")
    }
}
