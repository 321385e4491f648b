import HerdCore
@testable import HerdTUI
import Testing

/// The ASCII fast paths of `ScreenBuffer.put` and `TextWidth` give what the general rule, one
/// Character at a time, gives: same cells, same widths, nothing unsafe let through.
@Suite struct FastPathTests {
    static let samples: [String] = [
        "plain ascii text", "e\u{301}t\u{301}e\u{301}", "a\r\nb", "ok\u{1B}[2Jx\u{9B}31m", "tab\there", "del\u{7F}x",
        "x\u{200D}y", "👍🏽 ok", "中文 and 日本語", "a\u{07}b", "\u{202E}evil", "ab\u{0300}\u{0301}c", "🇫🇷🇩🇪 flags",
        "a\u{FE0F}b", "❤\u{FE0F} heart", "~`!@#$%^&*()_+-={}[]|\\:;\"'<>,.?/", "", " ", "\u{200B}zero", "x\u{0}y",
        "mixed é 中 🦙 \u{1B} end", String(repeating: "w1 ", count: 60),
        // Clusters longer than a packed cell holds inline (`PackedCell.capacity`).
        "👨\u{200D}👩\u{200D}👧\u{200D}👦 family", "z\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307} zalgo", "ab\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}",
    ]

    /// `put` as it was written before the fast path: every Character through `TextWidth`.
    static func reference(_ buf: inout [Cell], width: Int, _ string: String, x: Int, y: Int, maxWidth: Int?, role: StyleRole) -> Int {
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        func clearWide(_ col: Int) {
            guard col >= 0, col < width else { return }
            let i = y * width + col
            if buf[i].width == 0, col > 0 {
                buf[i - 1] = Cell(text: " ", width: 1, role: buf[i - 1].role)
            } else if buf[i].width == 2, col + 1 < width {
                buf[i + 1] = Cell(text: " ", width: 1, role: buf[i].role)
            }
        }
        var col = x
        for ch in string {
            let shown = TextWidth.inert(ch)
            let w = TextWidth.width(of: shown)
            if w == 0 {
                if col > x, col - 1 < width, col - 1 >= 0 {
                    var back = col - 1
                    while back > x, buf[y * width + back].width == 0 { back -= 1 }
                    buf[y * width + back].text += String(shown)
                }
                continue
            }
            if col + w > limit { break }
            if col >= 0 {
                clearWide(col)
                buf[y * width + col] = Cell(text: String(shown), width: UInt8(w), role: shown == ch ? role : .inert)
                if w == 2 {
                    clearWide(col + 1)
                    buf[y * width + col + 1] = Cell(text: "", width: 0)
                }
            }
            col += w
        }
        return col - x
    }

    @Test func putMatchesTheCharacterByCharacterRule() {
        let width = 40
        for s in Self.samples {
            for (x, maxWidth) in [(0, nil), (3, 10), (-2, nil), (38, nil), (1, 1)] as [(Int, Int?)] {
                // Over a row that already holds wide characters, so halves are cleared the same way.
                var buf = ScreenBuffer(width: width, height: 2)
                buf.put("日本語の文字列です。日本語の文字列です。", x: 0, y: 1)
                var ref = buf.cells
                let used = buf.put(s, x: x, y: 1, maxWidth: maxWidth, role: .accent)
                let refUsed = Self.reference(&ref, width: width, s, x: x, y: 1, maxWidth: maxWidth, role: .accent)
                #expect(buf.cells == ref, "\(s.debugDescription) at \(x)")
                #expect(used == refUsed, "\(s.debugDescription) at \(x)")
                // Substrings take the same path as strings.
                var sub = ScreenBuffer(width: width, height: 2)
                sub.put("日本語の文字列です。日本語の文字列です。", x: 0, y: 1)
                sub.put(("<" + s + ">").dropFirst().dropLast(), x: x, y: 1, maxWidth: maxWidth, role: .accent)
                #expect(sub.cells == buf.cells, "substring \(s.debugDescription)")
            }
        }
    }

    @Test func widthsMatchTheCharacterByCharacterRule() {
        for s in Self.samples {
            #expect(TextWidth.width(of: s) == s.reduce(0) { $0 + TextWidth.width(of: TextWidth.inert($1)) }, "\(s.debugDescription)")
            for ch in s {
                // The ASCII shortcut of `inert` only ever returns printable ASCII unchanged.
                let shown = TextWidth.inert(ch)
                #expect(!shown.unicodeScalars.contains { InertText.isUnsafe($0) }, "\(ch.debugDescription)")
            }
        }
    }
}

/// `TextWidth`'s blocks measured without a property lookup: every scalar in them is one column by
/// the property rule too.
@Suite struct NarrowBlockTests {
    @Test func everyScalarOfTheNarrowBlocksIsOneColumnByTheRule() {
        var checked = 0
        for v in UInt32(0xA0)...0xFFFF where TextWidth.isNarrowBlock(v) {
            guard let s = Unicode.Scalar(v) else { continue }
            #expect(TextWidth.propertyWidth(of: s) == 1, "U+\(String(v, radix: 16, uppercase: true))")
            #expect(TextWidth.width(of: Character(s)) == 1)
            checked += 1
        }
        #expect(checked > 1000)
        // Just outside them: a combining mark, a format character, a wide shape.
        #expect(TextWidth.width(of: Unicode.Scalar(0x300)!) == 0)
        #expect(TextWidth.width(of: Unicode.Scalar(0x2060)!) == 0)
        #expect(TextWidth.width(of: Unicode.Scalar(0x25FD)!) == 2)
    }
}

/// Typed or pasted text: CR and CRLF become newlines; text without a CR goes in as it is.
@Suite struct InputInsertTests {
    @Test func lineEndsAreNewlines() {
        var input = InputState("> ")
        input.insert("a\r\nb\rc\nd")
        #expect(input.string == "> a\nb\nc\nd")
        #expect(input.cursor == input.text.count)
        input.insert("é 中 e\u{301}")
        #expect(input.string == "> a\nb\nc\nde\u{301} 中 e\u{301}" || input.string == "> a\nb\nc\ndé 中 e\u{301}")
        #expect(input.text.suffix(5) == ["é", " ", "中", " ", "e\u{301}"])
    }
}
