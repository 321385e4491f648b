import HerdCore
@testable import HerdTUI
import Testing

@Suite struct HostileOutputTests {
    /// A reply that tries to clear the screen, set the clipboard, retitle the window and flip text direction.
    static let hostile = "ok\u{1B}[2J\u{1B}[H\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}]0;pwned\u{07}\u{9B}31m\u{202E}evil\r\nend"

    @Test func controlSequencesAreShownInertNeverPassedOn() {
        var s = Fixtures.state()
        Fixtures.exchange("hi", reply: Self.hostile, &s)
        let buf = ScreenView.render(s)
        for cell in buf.cells {
            for u in cell.text.unicodeScalars {
                let v = u.value
                #expect(!(v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v)), "control U+\(String(v, radix: 16)) reached the buffer")
            }
        }
        let text = buf.text
        #expect(text.contains("␛[2J"))
        #expect(text.contains("␛]52;c;ZXZpbA==␇"))
        #expect(text.contains("␛]0;pwned␇"))
        // The inert pictures carry their own role, so they stand out.
        #expect(buf.cells.contains { $0.text == "␛" && $0.role == .inert })
    }

    @Test func pastedControlsAreInertInTheInput() {
        var s = Fixtures.state()
        _ = App.update(&s, .key(.paste("a\u{1B}[31mb")))
        let buf = ScreenView.render(s)
        #expect(buf.text.contains("a␛[31mb"))
    }

    @Test func widthsFollowTheTerminal() {
        #expect(TextWidth.width(of: "abc") == 3)
        #expect(TextWidth.width(of: "日本") == 4)
        #expect(TextWidth.width(of: "😀") == 2)
        #expect(TextWidth.width(of: "e\u{301}") == 1)
        #expect(TextWidth.width(of: "한글") == 4)
        #expect(TextWidth.width(of: "\u{200B}") == 0)
        var b = ScreenBuffer(width: 6, height: 1)
        #expect(b.put("日本語", x: 0, y: 0) == 6)
        b.put("x", x: 1, y: 0)  // Overwriting half of a wide character blanks the other half.
        #expect(b.row(0) == " x本語")
        #expect(Markdown.render("日本語のテキスト", width: 6).map { $0.map(\.text).joined() } == ["日本語", "のテキ", "スト"])
        #expect(Markdown.render("hello wonderful world", width: 9).map { $0.map(\.text).joined() } == ["hello", "wonderful", "world"])
    }

    @Test func oneRuleForTheScreenAndForStdout() {
        // Left-to-right/right-to-left marks and the Arabic letter mark reorder text too.
        for mark in ["\u{200E}", "\u{200F}", "\u{061C}", "\u{202E}", "\u{2066}", "\u{9B}"] {
            #expect(TextWidth.inert(Character(mark)) == "\u{FFFD}")
            #expect(InertText.string("a\(mark)b") == "a\u{FFFD}b")
        }
        #expect(InertText.string("a\u{1B}[2J\nb\tc") == "a␛[2J\nb\tc")
        #expect(TextWidth.inert("\u{1B}") == "␛")
    }
}
