import HerdCore
/// F1: every key, in a box over the screen; the keys come from the keymap, so rebound keys show.
public enum HelpOverlay {
    /// The rows: keys from `keymap`, then the editing keys and slash commands no binding changes.
    public static func keys(_ keymap: Keymap) -> [(String, String)] {
        func k(_ a: KeyAction) -> String { keymap.label(a) }
        return [
            (k(.send), "send the message"),
            (k(.newline), "new line in the message"),
            (k(.stop), "stop the reply (it stays, marked stopped)"),
            (k(.pin), "pin member N for one message; twice: for the chat"),
            (k(.auto), "back to auto routing"),
            (k(.retry) + " / " + k(.compare), "retry: next-best member / compare: top members"),
            (k(.rateUp) + " / " + k(.rateDown), "rate the last answer up / down"),
            (k(.lambdaDown) + " / " + k(.lambdaUp), "λ down / up (empty input): quality ↔ cost"),
            (k(.scrollUp) + " / " + k(.scrollDown) + ", wheel", "scroll the conversation"),
            ("Up / Down", "previous / next sent message"),
            ("Ctrl-←/→", "word left / right"),
            ("Ctrl-W", "delete the word before the cursor"),
            ("Tab", "complete a /command or member name"),
            (k(.copyCode), "copy the last code block (OSC 52)"),
            (k(.help), "this help (Esc closes)"),
            (k(.quit), "quit"),
            ("/model N [once]", "pin · /auto · /lambda X · /new"),
            ("/theme N", "theme · /system T · /export F · /retry · /set"),
        ]
    }

    static func render(_ keymap: Keymap, into buf: inout ScreenBuffer) {
        let keys = keys(keymap)
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
