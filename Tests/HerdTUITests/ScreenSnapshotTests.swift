import HerdCore
@testable import HerdTUI
import Testing

@Suite struct ScreenSnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: sizes) func empty(cols: Int, rows: Int) {
        assertSnapshot(ScreenView.render(Fixtures.state(cols: cols, rows: rows)), named: "empty-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func streaming(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        Fixtures.exchange("what is the derivative of x^3?", reply: "It is **3x^2**, by the power rule.", &s)
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("and of x^4?", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision()))
        _ = App.update(&s, .token(id: id, text: "By the same rule: ", at: 100.5))
        _ = App.update(&s, .token(id: id, text: "4x^3", at: 100.6))
        assertSnapshot(ScreenView.render(s), named: "streaming-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func pinned(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        _ = App.update(&s, .key(.alt("3")))
        _ = App.update(&s, .key(.alt("3")))
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision(chosen: "tiny-c", mode: .pinned, routerChoice: "tiny-b")))
        _ = App.update(&s, .token(id: id, text: "tiny-c here", at: 100.5))
        _ = App.update(&s, .streamEnded(id: id, StreamSummary(), at: 100.6))
        assertSnapshot(ScreenView.render(s), named: "pinned-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func retry(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        Fixtures.exchange("hi", reply: "Greetings from tiny-b, the middle sibling.", &s)
        guard case let .route(id, _, _, _, _, _, _)? = App.update(&s, .key(.ctrl("r"))).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, Fixtures.decision(chosen: "tiny-a", mode: .retry)))
        _ = App.update(&s, .token(id: id, text: "Hello from tiny-a!", at: 100.5))
        _ = App.update(&s, .streamEnded(id: id, StreamSummary(), at: 100.6))
        assertSnapshot(ScreenView.render(s), named: "retry-\(cols)x\(rows)")
    }

    /// Where each confidence comes from: under each member when the panel has room, else for the chosen one.
    @Test(arguments: sizes) func confidenceSources(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        s.members[0].source = .prior
        s.members[1].source = .publicData(profile: "Meta-Llama-3_1-8B-Instruct")
        s.members[2].source = .yourData
        var d = Fixtures.decision()
        d.scores[0].isPrior = true
        d.scores[0].source = .prior
        d.scores[1].source = .publicData(profile: "Meta-Llama-3_1-8B-Instruct")
        d.scores[2].source = .yourData
        guard case let .route(id, _, _, _, _, _, _)? = Fixtures.send("hi", &s).last else { Issue.record("no route"); return }
        _ = App.update(&s, .decided(id: id, d))
        assertSnapshot(ScreenView.render(s), named: "sources-\(cols)x\(rows)")
    }

    /// Before discovery reports, the screen says the herd is being found rather than that there is none.
    @Test func findingTheHerd() {
        var s = AppState(cols: 80, rows: 24)
        s.findingHerd = true
        let screen = ScreenView.render(s).text
        #expect(screen.contains("finding your herd…") && screen.contains("Finding your herd"), "\(screen)")
        #expect(!screen.contains("No members yet") && !screen.contains("no members"), "\(screen)")
        _ = App.update(&s, .herd(members: [], notice: nil))
        let after = ScreenView.render(s).text
        #expect(after.contains("No members yet") && after.contains("no members"), "\(after)")
    }

    @Test(arguments: sizes) func unreachableMember(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        s.members.append(MemberStatus(member: Member(name: "127.0.0.1:1", endpoint: ServerEndpoint(baseURL: "http://127.0.0.1:1")),
                                      reachable: false, problem: "connection refused"))
        s.notice = .error("http://127.0.0.1:1 is unreachable: connection refused")
        assertSnapshot(ScreenView.render(s), named: "unreachable-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func longCodeBlock(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        var code = "Here is the loop:\n```python\n"
        for i in 0..<30 { code += "for i in range(\(i)): print(i * \(i), 'a long line that goes past the edge of the pane')\n" }
        Fixtures.exchange("loop?", reply: code, &s)  // the fence is left open: it still renders as code
        assertSnapshot(ScreenView.render(s), named: "code-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func cjkText(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        Fixtures.exchange("日本語で説明して", reply: "もちろんです。これは全角文字のテストで、行の折り返しが表示幅で正しく行われることを確かめます。😀 e\u{301}galement", &s)
        assertSnapshot(ScreenView.render(s), named: "cjk-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func help(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        _ = App.update(&s, .key(.function(1)))
        assertSnapshot(ScreenView.render(s), named: "help-\(cols)x\(rows)")
    }

    @Test func markdownSubset() {
        var s = Fixtures.state()
        Fixtures.exchange("md", reply: "# Title\nSome *italic*, **bold** and `code`.\n- one\n- two\n> quoted\n1. first", &s)
        let buf = ScreenView.render(s)
        assertSnapshot(buf, named: "markdown-80x24")
        // Styles are roles in the buffer, not characters on screen.
        let roles = Set((0..<buf.height).flatMap { y in (0..<buf.width).map { buf[$0, y].role } })
        #expect(roles.isSuperset(of: [.heading, .italic, .bold, .code, .quote]))
    }
}
