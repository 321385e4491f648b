import HerdCore
@testable import HerdTUI
import Testing

@Suite struct KeymapTests {
    @Test func defaultsAndReboundKeysMapToActions() {
        let map = Keymap([.retry: "ctrl-t", .help: "f2", .send: "enter", .lambdaUp: "+"])
        #expect(map.action(for: .ctrl("t")) == .retry)
        #expect(map.action(for: .ctrl("r")) == nil, "the old key of a rebound action does nothing")
        #expect(map.action(for: .function(2)) == .help)
        #expect(map.action(for: .char("+")) == .lambdaUp)
        #expect(map.action(for: .enter) == .send)
        #expect(map.action(for: .char("x")) == nil)
        #expect(map.pinNumber(for: .alt("3")) == 3)
        #expect(map.pinNumber(for: .alt("0")) == nil)
        #expect(map.label(.retry) == "Ctrl-T")
        #expect(map.label(.pin) == "Alt-1…9")
    }

    @Test func specsTheTerminalCannotReportAreNotKeys() {
        #expect(Key(spec: "ctrl-1") == nil)
        #expect(Key(spec: "shift-f13") == nil)
        #expect(Key(spec: "ctrl-alt-x") == nil)
        #expect(Key(spec: "]") == .char("]"))
        #expect(Key(spec: "alt-0") == .alt("0"))
        #expect(Key(spec: "space") == .char(" "))
    }

    @Test func aReboundKeyDispatchesItsActionAndTheOldOneIsText() {
        var s = Fixtures.state()
        s.keymap = Keymap([.help: "f2", .lambdaUp: "+"])
        _ = App.update(&s, .key(.function(1)))
        #expect(!s.showHelp)
        _ = App.update(&s, .key(.function(2)))
        #expect(s.showHelp)
        _ = App.update(&s, .key(.function(2)))
        #expect(!s.showHelp, "the help key closes help too")
        _ = App.update(&s, .key(.char("+")))
        #expect(s.lambda == 0.35)
        _ = App.update(&s, .key(.char("]")))
        #expect(s.input.string == "]", "] is text once λ up is bound elsewhere")
    }

    @Test(arguments: ScreenSnapshotTests.sizes) func helpShowsAReboundKey(cols: Int, rows: Int) {
        var s = Fixtures.state(cols: cols, rows: rows)
        s.keymap = Keymap([.retry: "ctrl-t"])
        _ = App.update(&s, .key(.function(1)))
        let text = ScreenView.render(s).text
        #expect(text.contains("Ctrl-T") && !text.contains("Ctrl-R"), "\(text)")
        assertSnapshot(ScreenView.render(s), named: "help-rebound-\(cols)x\(rows)")
    }
}
