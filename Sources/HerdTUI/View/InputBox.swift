/// The input box: the draft, wrapped by columns, and the cursor.
enum InputBox {
    /// The draft as display lines; each entry is the characters' range in the input.
    static func lines(_ input: InputState, width: Int) -> [Range<Int>] {
        let avail = max(1, width - 2)
        var out: [Range<Int>] = []
        var start = 0
        var w = 0
        for (i, ch) in input.text.enumerated() {
            if ch == "\n" {
                out.append(start..<i)
                start = i + 1
                w = 0
                continue
            }
            let cw = TextWidth.width(of: TextWidth.inert(ch))
            if w + cw > avail {
                out.append(start..<i)
                start = i
                w = 0
            }
            w += cw
        }
        out.append(start..<input.text.count)
        return out
    }

    static func render(_ state: AppState, lines: [Range<Int>], rows: Range<Int>, width: Int, into buf: inout ScreenBuffer) {
        let cursorLine = lines.lastIndex(where: { $0.lowerBound <= state.input.cursor }) ?? 0
        let visible = rows.count
        let first = max(0, min(cursorLine - visible + 1, lines.count - visible))
        for (n, y) in rows.enumerated() {
            let li = first + n
            buf.put(n == 0 && li == 0 ? "> " : "  ", x: 2, y: y, role: .accent)
            guard li < lines.count else { continue }
            let r = lines[li]
            buf.put(String(state.input.text[r]), x: 4, y: y, maxWidth: width - 2, role: .input)
            if li == cursorLine {
                let before = String(state.input.text[r.lowerBound..<min(state.input.cursor, r.upperBound)])
                buf.cursor = (4 + TextWidth.width(of: before), y)
            }
        }
        if state.input.isEmpty, state.conversation.messages.isEmpty, let y = rows.first {
            buf.put("ask anything · /help for commands", x: 4, y: y, maxWidth: width - 2, role: .dim)
        }
    }
}
