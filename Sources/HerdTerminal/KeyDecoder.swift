import CNcursesw
import HerdCore
import HerdTUI

/// Turns ncurses key codes into `Key`s. Alt-x arrives as ESC followed by x.
struct KeyDecoder {
    var ctrlLeft: Int32 = 0
    var ctrlRight: Int32 = 0

    init() {
        ctrlLeft = herd_term_key_code("\u{1B}[1;5D")
        ctrlRight = herd_term_key_code("\u{1B}[1;5C")
    }

    /// Reads every key available now (non-blocking).
    func readAll() -> [TerminalInput] {
        var out: [TerminalInput] = []
        var pendingEsc = false
        var text = ""
        func flushText() {
            guard !text.isEmpty else { return }
            // Many printable characters at once is a paste: deliver it whole so it costs one update.
            if text.count > 1 { out.append(.key(.paste(text))) } else { out.append(.key(.char(text.first!))) }
            text = ""
        }
        while true {
            var ch: wint_t = 0
            let r = herd_term_read(&ch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                flushText()
                if pendingEsc { out.append(.key(.esc)); pendingEsc = false }
                if let input = function(Int32(ch)) { out.append(input) }
                continue
            }
            let c = UInt32(ch)
            if pendingEsc {
                pendingEsc = false
                if c == 13 || c == 10 { out.append(.key(.altEnter)); continue }
                if let s = Unicode.Scalar(c), c >= 0x20 { out.append(.key(.alt(Character(s)))); continue }
                out.append(.key(.esc))
            }
            switch c {
            case 27: flushText(); pendingEsc = true
            case 13, 10:
                // A newline inside a burst of text is part of a paste, not Enter.
                if !text.isEmpty, hasMore() { text.append("\n") } else { flushText(); out.append(.key(.enter)) }
            case 9: flushText(); out.append(.key(.tab))
            case 127, 8: flushText(); out.append(.key(.backspace))
            case 1...26:
                flushText()
                out.append(.key(.ctrl(Character(Unicode.Scalar(c + 96)!))))
            case 0, 28...31: flushText()
            default:
                if let s = Unicode.Scalar(c) { text.append(Character(s)) }
            }
        }
        flushText()
        if pendingEsc { out.append(.key(.esc)) }
        return out
    }

    private func hasMore() -> Bool {
        var ch: wint_t = 0
        let r = herd_term_read(&ch)
        if r == ERR { return false }
        unget_wch(wchar_t(ch))
        return true
    }

    func function(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.tab)
        case herd_term_key_resize(): return .resize
        case herd_term_key_mouse():
            let w = herd_term_wheel()
            return w > 0 ? .key(.wheelUp) : w < 0 ? .key(.wheelDown) : nil
        case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(code - KEY_F0)))
        default:
            if code == ctrlLeft, code != 0 { return .key(.wordLeft) }
            if code == ctrlRight, code != 0 { return .key(.wordRight) }
            return nil
        }
    }
}

/// What the terminal delivers: keys, or a new size.
enum TerminalInput {
    case key(Key)
    case resize
}
