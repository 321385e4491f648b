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

    // MARK: laid-out messages

    /// Streams `tokens` as a reply after some history, checking the cached screen against the
    /// uncached one after every token; scrolls, resizes and ends the reply along the way.
    static func stream(_ tokens: [String], cols: Int = 80, rows: Int = 24, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let cache = ViewCache()
        var s = Fixtures.state(cols: cols, rows: rows)
        Fixtures.exchange("first question", reply: "A first answer:\n\n- one *point*\n- and `another`\n\n```\ncode line\n```\nDone.", &s)
        Self.check(s, cache, "\(what): history", sourceLocation: sourceLocation)
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("and now?", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        for (t, token) in tokens.enumerated() {
            _ = App.update(&s, .token(id: id, text: token, at: 100.5 + Double(t) * 0.01))
            Self.check(s, cache, "\(what): token \(t) \(token.debugDescription)", sourceLocation: sourceLocation)
            switch t {
            case tokens.count / 3: _ = App.update(&s, .key(.pageUp))
            case tokens.count / 3 + 1: _ = App.update(&s, .key(.pageDown))
            case tokens.count / 2: _ = App.update(&s, .resize(cols: cols - 17, rows: rows))
            case tokens.count / 2 + 3: _ = App.update(&s, .resize(cols: cols, rows: rows + 5))
            default: break
            }
            if t % 5 == 0 { Self.check(s, cache, "\(what): after token \(t)", sourceLocation: sourceLocation) }
        }
        _ = App.update(&s, .streamEnded(id: id, StreamSummary(finishReason: "stop", completionTokens: tokens.count), at: 102))
        Self.check(s, cache, "\(what): ended", sourceLocation: sourceLocation)
        Self.check(s, cache, "\(what): ended, again", sourceLocation: sourceLocation)
    }

    /// Gibberish as llama-server's `babble` streams it: markup bytes, controls, U+FFFD, wide and
    /// combining characters, with few spaces and newlines (a fixed seed: the same every run).
    static func babble(_ n: Int, seed: UInt64) -> [String] {
        let pieces = ["*", "_", "**", "`", "[", "]", "(", ")", "<", ">", "&", "!", "\\", "#", "~", "\u{FFFD}", "\u{1B}", "\u{7}", "\t",
                      "\r", "中", "😀", "e", "\u{301}", "\u{200D}", "x", "ab", "Q!", " ", " ", " ", "  ", "\n", "w", "- ", "1. ", "> "]
        var x = seed
        return (0..<n).map { _ in
            var token = ""
            for _ in 0..<(1 + Int(x % 3)) {
                x = x &* 6364136223846793005 &+ 1442695040888963407
                token += pieces[Int((x >> 33) % UInt64(pieces.count))]
            }
            return token
        }
    }

    @Test func streamingLaysOutOnlyWhatChangedAndDrawsTheSame() {
        // Words and lines, as `story` streams them; and long words cut by columns.
        Self.stream((0..<200).map { ($0 % 37 == 36 ? "\n" : " ") + "w\($0)" }, "words")
        Self.stream((0..<120).map { $0 % 50 == 49 ? " " : String(Array("abcdefghij")[$0 % 10]) }, cols: 60, "one long word")
        // Markup whose meaning changes as it arrives: emphasis that closes later, a fence that opens and closes.
        let markdown = "Here is *some emphasis that closes* late, and **bold\n# A heading that grows\n> a quote\n- an item\n1. a step\n"
            + "```swift\nlet x = 1 // a long code line that goes on and on past the width of the pane for sure\n```\nback to `code` text 漢字 and é"
        Self.stream(markdown.map { String($0) }, "markdown by characters")
        Self.stream(markdown.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { ($0 == 0 ? "" : " ") + $1 }, cols: 50, "markdown by words")
        // A cluster completed by the next token ("e" then U+0301) changes the last character.
        Self.stream(["caf", "e", "\u{301}", " ok", " e", "\u{301}\u{302}", " 👍", "\u{1F3FD}", " end"], "clusters across tokens")
        Self.stream(Self.babble(400, seed: 7), cols: 100, rows: 30, "babble")
        Self.stream(Self.babble(300, seed: 12345), cols: 41, rows: 12, "babble, narrow")
    }

    /// A long reply streaming line by line keeps the lines it scrolled past only for a while, not all of them.
    @Test func aLongReplyKeepsOnlyRecentLines() {
        let cache = ViewCache()
        var s = Fixtures.state(cols: 80, rows: 24)
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("a long one", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        for t in 0..<1200 {
            _ = App.update(&s, .token(id: id, text: "line \(t) of a long reply\n", at: 100.5 + Double(t) * 0.01))
            if t % 3 == 0 { Self.check(s, cache, "line \(t)") }
        }
        let memo = cache.memo(for: s.conversation.messages.last!.id)
        #expect(memo.kept > 0 && memo.kept <= 256 + 24, "\(memo.kept) source lines kept")
    }

    /// Reusing the last line's wrap: it goes on from its last word when the text only grew there, and
    /// starts over when anything before it changed.
    @Test func aWrapGoesOnFromItsLastWord() {
        func chars(_ s: String) -> [StyledChar] { s.map { StyledChar(ch: $0, role: $0 == "*" ? .bold : .normal) } }
        let label: StyledLine = [Span("you", .user), Span(" ▸ ", .dim)]
        var resume: WrapResume?
        let first = "the quick brown fox jumps over the lazy dog and keeps running far"
        _ = WrapResume.wrap(chars(first), width: 20, firstPrefix: label, indent: 2, resume: &resume)
        #expect(resume?.state.i == first.count - " far".count)
        let grown = first + "ther away *from* everything"
        #expect(resume?.holds(for: chars(grown), width: 20, firstPrefix: label, indent: 2) == true)
        #expect(WrapResume.wrap(chars(grown), width: 20, firstPrefix: label, indent: 2, resume: &resume)
                == StyledWrap.wrap(chars(grown), width: 20, firstPrefix: label, indent: 2))
        // Anything else before its last word, another width, prefix or indent: it does not hold.
        let r = resume!
        var changed = chars(grown + " more")
        changed[3].role = .italic
        #expect(!r.holds(for: changed, width: 20, firstPrefix: label, indent: 2))
        #expect(!r.holds(for: chars("thé" + grown.dropFirst(3) + " more"), width: 20, firstPrefix: label, indent: 2))
        #expect(!r.holds(for: chars(grown + " more"), width: 21, firstPrefix: label, indent: 2))
        #expect(!r.holds(for: chars(grown + " more"), width: 20, firstPrefix: [], indent: 2))
        #expect(!r.holds(for: chars(grown + " more"), width: 20, firstPrefix: label, indent: 3))
        #expect(r.holds(for: chars(grown + " more"), width: 20, firstPrefix: label, indent: 2))
        // No space where it stands any more: it does not hold.
        #expect(!r.holds(for: chars(grown.dropLast(11) + "Xeverything more"), width: 20, firstPrefix: label, indent: 2))
    }
}
