/// F1: every key, in a box over the screen.
public enum HelpOverlay {
    public static let keys: [(String, String)] = [
        ("Enter", "send the message"),
        ("Alt-Enter", "new line in the message"),
        ("Esc", "stop the reply (it stays, marked stopped)"),
        ("Alt-1…9", "pin member N for one message; twice: for the chat"),
        ("Alt-0", "back to auto routing"),
        ("Ctrl-R", "retry the last message with the next-best member"),
        ("Ctrl-U / Ctrl-D", "rate the last answer up / down"),
        ("[ / ]", "λ down / up (empty input): quality ↔ cost"),
        ("PgUp / PgDn, wheel", "scroll the conversation"),
        ("Up / Down", "previous / next sent message"),
        ("Ctrl-←/→", "word left / right"),
        ("Ctrl-W", "delete the word before the cursor"),
        ("Tab", "complete a /command or member name"),
        ("Ctrl-Y", "copy the last code block (OSC 52)"),
        ("F1", "this help (Esc closes)"),
        ("Ctrl-C", "quit"),
        ("/model N [once]", "pin · /auto · /lambda X · /new"),
        ("/theme N", "theme · /system T · /export F · /retry"),
    ]

    static func render(into buf: inout ScreenBuffer) {
        let keyW = keys.map { TextWidth.width(of: $0.0) }.max() ?? 10
        let w = min(buf.width - 2, max(40, keyW + 3 + (keys.map { TextWidth.width(of: $0.1) }.max() ?? 30) + 4))
        let h = min(buf.height - 2, keys.count + 4)
        let x0 = (buf.width - w) / 2
        let y0 = (buf.height - h) / 2
        buf.fill(x: x0, y: y0, width: w, height: h)
        for x in x0..<(x0 + w) {
            buf.put("─", x: x, y: y0, role: .border)
            buf.put("─", x: x, y: y0 + h - 1, role: .border)
        }
        for y in y0..<(y0 + h) {
            buf.put("│", x: x0, y: y, role: .border)
            buf.put("│", x: x0 + w - 1, y: y, role: .border)
        }
        buf.put("┌", x: x0, y: y0, role: .border)
        buf.put("┐", x: x0 + w - 1, y: y0, role: .border)
        buf.put("└", x: x0, y: y0 + h - 1, role: .border)
        buf.put("┘", x: x0 + w - 1, y: y0 + h - 1, role: .border)
        buf.put(" keys ", x: x0 + 2, y: y0, role: .title)
        for (n, (k, d)) in keys.prefix(h - 4).enumerated() {
            let y = y0 + 2 + n
            buf.put(k, x: x0 + 2, y: y, maxWidth: keyW, role: .accent)
            buf.put(d, x: x0 + 2 + keyW + 2, y: y, maxWidth: w - keyW - 5, role: .normal)
        }
        buf.put("Esc closes", x: x0 + w - 12, y: y0 + h - 1, role: .dim)
    }
}
