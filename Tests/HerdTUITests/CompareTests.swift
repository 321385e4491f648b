import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// Compare mode driven through `App.update`: arming, K streams, side-by-side screens, stop, pick.
@Suite struct CompareTests {
    /// Arms a comparison with `/compare ARG`, sends `prompt`, and answers the route with the fixture decision.
    static func started(_ arg: String = "", cols: Int = 120, rows: Int = 40) -> (AppState, [Effect]) {
        var s = Fixtures.state(cols: cols, rows: rows)
        _ = Fixtures.send("/compare \(arg)", &s)
        let sent = Fixtures.send("what is 2+2?", &s)
        guard case let .route(id, _, _, _, _, mode, _)? = sent.last, mode == .compare else { return (s, []) }
        let effects = App.update(&s, .decided(id: id, Fixtures.decision()))
        return (s, effects)
    }

    static func streams(_ effects: [Effect]) -> [(id: Int, member: String)] {
        effects.compactMap { if case let .stream(id, m, _, _) = $0 { return (id, m) } else { return nil } }
    }

    @Test func widthIsCheckedWithAClearError() {
        var s = Fixtures.state()
        for bad in ["1", "5", "two", "-2"] {
            _ = Fixtures.send("/compare \(bad)", &s)
            #expect(s.notice?.severity == .error, "\(bad)")
            #expect(s.notice?.text.contains("from 2 to 4") == true, "\(s.notice?.text ?? "")")
            #expect(s.compareNext == nil)
        }
        _ = Fixtures.send("/compare", &s)
        #expect(s.compareNext == 2)
        _ = Fixtures.send("/compare 3", &s)
        #expect(s.compareNext == 3)
        // Alt-C through the keymap: off, then on with the default width.
        _ = App.update(&s, .key(.alt("c")))
        #expect(s.compareNext == nil)
        _ = App.update(&s, .key(.alt("c")))
        #expect(s.compareNext == 2)
        // More than the herd has: capped, and said.
        _ = Fixtures.send("/compare 4", &s)
        #expect(s.compareNext == 3)
        #expect(s.notice?.text.contains("only 3 reachable") == true)
    }

    @Test func theTopKMembersByUtilityStreamAtOnce() throws {
        let (s, effects) = Self.started("3")
        // Utilities 0.65 (tiny-b), 0.40 (tiny-a, cost 0.1), 0.40 (tiny-c, cost 0.5): ties go to the cheaper.
        #expect(Self.streams(effects).map(\.member) == ["tiny-b", "tiny-a", "tiny-c"])
        #expect(Set(Self.streams(effects).map(\.id)).count == 3)
        let round = try #require(s.compare)
        #expect(round.columns.count == 3 && round.isStreaming)
        #expect(s.conversation.messages.filter { $0.group?.id == round.group }.count == 3)
        // Each column's request carries the whole turn.
        for case let .stream(_, _, request, _) in effects { #expect(request.messages.last?.content == "what is 2+2?") }
        // A new message waits until the comparison ends.
        var t = s
        _ = Fixtures.send("next?", &t)
        #expect(t.notice?.text.contains("still streaming") == true)
    }

    /// Two members answer side by side, each with its member, rate and status.
    @Test(arguments: [(120, 40), (80, 24)]) func sideBySide(cols: Int, rows: Int) {
        var (s, effects) = Self.started(cols: cols, rows: rows)
        let st = Self.streams(effects)
        _ = App.update(&s, .token(id: st[0].id, text: "It is **4**.", at: 100.2))
        _ = App.update(&s, .token(id: st[1].id, text: "2+2 = 4, by counting", at: 100.3))
        _ = App.update(&s, .token(id: st[1].id, text: " on your fingers.", at: 100.5))
        _ = App.update(&s, .streamEnded(id: st[0].id, StreamSummary(finishReason: "stop", completionTokens: 5, generationSeconds: 0.5), at: 100.6))
        assertSnapshot(ScreenView.render(s), named: "compare-\(cols)x\(rows)")
    }

    /// Too narrow for columns: one answer at a time, with a selector the arrows move.
    @Test func narrowStacksWithASelector() throws {
        var (s, effects) = Self.started(cols: 50, rows: 20)
        let st = Self.streams(effects)
        _ = App.update(&s, .token(id: st[0].id, text: "first answer", at: 100.2))
        _ = App.update(&s, .token(id: st[1].id, text: "second answer", at: 100.3))
        var screen = ScreenView.render(s).text
        #expect(screen.contains("[1 tiny-b]") && screen.contains("first answer") && !screen.contains("second answer"), "\(screen)")
        _ = App.update(&s, .key(.right))
        screen = ScreenView.render(s).text
        #expect(screen.contains("[2 tiny-a]") && screen.contains("second answer") && !screen.contains("first answer"), "\(screen)")
        assertSnapshot(ScreenView.render(s), named: "compare-narrow-50x20")
    }

    @Test func escStopsEveryStreamAndKeepsWhatCame() throws {
        var (s, effects) = Self.started()
        let st = Self.streams(effects)
        _ = App.update(&s, .token(id: st[0].id, text: "partial", at: 100.2))
        let stopped = App.update(&s, .key(.esc))
        let cancelled = stopped.compactMap { if case let .cancel(id) = $0 { return id } else { return nil } }
        #expect(Set(cancelled) == Set(st.map(\.id)))
        let round = try #require(s.compare)
        #expect(!round.isStreaming)
        #expect(round.columns.map { s.conversation.messages[$0.messageIndex].status } == [.stopped, .stopped])
        #expect(s.conversation.messages[round.columns[0].messageIndex].text == "partial")
        // Late tokens from a cancelled stream change nothing.
        _ = App.update(&s, .token(id: st[1].id, text: "late", at: 100.9))
        #expect(s.conversation.messages[round.columns[1].messageIndex].text == "")
    }

    @Test func aDigitPicksAndTheRouterLearnsPairwise() throws {
        var (s, effects) = Self.started("3")
        let st = Self.streams(effects)
        for (i, c) in st.enumerated() {
            _ = App.update(&s, .token(id: c.id, text: "answer \(i + 1)", at: 100.2))
            _ = App.update(&s, .streamEnded(id: c.id, StreamSummary(finishReason: "stop"), at: 100.4))
        }
        let group = try #require(s.compare?.group)
        let picked = App.update(&s, .key(.char("2")))
        #expect(s.compare == nil)
        let pref = try #require(picked.compactMap { if case let .preference(p) = $0 { return p } else { return nil } }.first)
        #expect(pref.winner == "tiny-a" && pref.losers == ["tiny-b", "tiny-c"] && pref.prompt == "what is 2+2?")
        #expect(pref.confidences == ["tiny-a": 0.42, "tiny-b": 0.71, "tiny-c": 0.55])
        // Every column is saved with the mark; only the pick is chosen.
        let saved = picked.compactMap { if case let .save(_, m, _) = $0 { return m } else { return nil } }
        #expect(saved.count == 3)
        #expect(saved.map { $0.group?.chosen } == [false, true, false])
        #expect(saved.allSatisfy { $0.group?.id == group })
        #expect(pref.messageID == saved[1].id)
        // The pick is the conversation's answer for the next turn; the others stay in the conversation.
        let history = s.conversation.chatHistory
        #expect(history.map(\.content) == ["what is 2+2?", "answer 2"])
        #expect(s.conversation.messages.filter { $0.group?.id == group }.count == 3)
        let screen = ScreenView.render(s).text
        #expect(screen.contains("answer 1") && screen.contains("answer 3") && screen.contains("✓ picked"), "\(screen)")
    }

    @Test func arrowsAndEnterPick() throws {
        var (s, effects) = Self.started()
        for c in Self.streams(effects) { _ = App.update(&s, .streamEnded(id: c.id, StreamSummary(), at: 100.4)) }
        _ = App.update(&s, .key(.right))
        _ = App.update(&s, .key(.right))  // wraps to the first
        _ = App.update(&s, .key(.left))
        let picked = App.update(&s, .key(.enter))
        let pref = try #require(picked.compactMap { if case let .preference(p) = $0 { return p } else { return nil } }.first)
        #expect(pref.winner == "tiny-a")
    }
}

/// Columns carry model output too: control sequences in any column reach the buffer inert, and a
/// column never spills into its neighbour.
@Suite struct CompareHostileTests {
    @Test func controlSequencesInColumnsAreInertAndStayInTheirColumn() throws {
        var (s, effects) = CompareTests.started(cols: 100, rows: 30)
        let st = CompareTests.streams(effects)
        _ = App.update(&s, .token(id: st[0].id, text: HostileOutputTests.hostile, at: 100.2))
        _ = App.update(&s, .token(id: st[1].id, text: String(repeating: "日本", count: 40) + "\u{1B}[2J", at: 100.3))
        let buf = ScreenView.render(s)
        for cell in buf.cells {
            for u in cell.text.unicodeScalars {
                let v = u.value
                #expect(!(v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v)), "control U+\(String(v, radix: 16)) reached the buffer")
            }
        }
        #expect(buf.text.contains("␛[2J"))
        // Every row of the columns keeps its separator in the same cell: count "│" cells per row inside the chat pane.
        let chatRight = (0..<buf.width).first { buf[$0, 0].text == "┬" } ?? buf.width
        var separators: Set<Int> = []
        for y in 4..<12 {
            let xs = (1..<chatRight).filter { buf[$0, y].text == "│" }
            #expect(xs.count == 1, "row \(y): \(xs)")
            separators.formUnion(xs)
        }
        #expect(separators.count == 1, "\(separators)")
    }
}
