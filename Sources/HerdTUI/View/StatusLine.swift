import HerdCore
import Foundation

/// The bottom line: who answers, how fast, and what just happened.
enum StatusLine {
    static func render(_ state: AppState, row: Int, into buf: inout ScreenBuffer) {
        var spans: StyledLine = []
        if let a = state.active {
            let member = state.conversation.messages[a.messageIndex].member
            spans.append(Span(member ?? "routing…", .member))
            if let r = a.rate { spans.append(Span(" · " + Fixed.format(r, decimals: 0) + " tok/s", .status)) }
            spans.append(Span(a.routed ? " · streaming · Esc stops" : " · routing", .status))
        } else if let m = state.currentMember {
            spans.append(Span(m, .member))
            if let r = state.lastRate { spans.append(Span(" · " + Fixed.format(r, decimals: 0) + " tok/s", .status)) }
        } else {
            spans.append(Span("herd", .member))
        }
        if let pin = state.pin {
            spans.append(Span(pin.scope == .conversation ? " · ◆ \(pin.member)" : " · ◇ \(pin.member) next", .warning))
        }
        if let n = state.notice { spans.append(Span(" · " + n.text, n.severity == .error ? .error : .status)) }
        spans.append(Span(" · F1 help", .dim))
        var x = 2
        for s in spans { x += buf.put(s.text, x: x, y: row, maxWidth: max(0, state.cols - 1 - x), role: s.role) }
    }
}
