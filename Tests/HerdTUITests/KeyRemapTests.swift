import HerdTUI
import Testing

@Suite struct KeyRemapTests {
    @Test func reboundKeysBecomeTheActionsStandardKey() {
        let remap = KeyRemap([(chosen: "ctrl-t", standard: "ctrl-r"), (chosen: "f2", standard: "f1"), (chosen: "enter", standard: "enter"),
                              (chosen: "alt-enter", standard: "enter"), (chosen: "pgdn", standard: "pgup")])
        #expect(remap.apply(.ctrl("t")) == .ctrl("r"))
        #expect(remap.apply(.function(2)) == .function(1))
        #expect(remap.apply(.altEnter) == .enter)
        #expect(remap.apply(.pageDown) == .pageUp)
        #expect(remap.apply(.char("x")) == .char("x"), "unbound keys pass through")
        #expect(remap.apply(.enter) == .enter)
    }

    @Test func specsTheTerminalCannotReportAreSkipped() {
        #expect(KeyRemap.key("ctrl-1") == nil)
        #expect(KeyRemap.key("shift-f13") == nil)
        #expect(KeyRemap([(chosen: "ctrl-1", standard: "ctrl-r")]).isEmpty)
        #expect(KeyRemap.key("]") == .char("]"))
        #expect(KeyRemap.key("alt-0") == .alt("0"))
        #expect(KeyRemap.key("space") == .char(" "))
    }
}
