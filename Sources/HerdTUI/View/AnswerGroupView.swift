import HerdCore

/// Several answers to one prompt in the chat: a comparison side by side in columns (stacked, one
/// at a time with a selector, when the pane is too narrow); a cascade step by step, each marked.
enum AnswerGroupView {
    /// Narrowest column a comparison is drawn side by side in.
    static let minColumn = 22
    static let separator = " │ "

    /// The lines of the group `msgs` (consecutive messages of one group), at most the last `atLeast` that matter.
    static func layout(_ msgs: [Message], round: CompareRound?, width: Int, atLeast: Int) -> [StyledLine] {
        guard let kind = msgs.first?.group?.kind else { return [] }
        switch kind {
        case .cascade: return cascade(msgs, width: width, atLeast: atLeast)
        case .compare: return compare(msgs, round: round, width: width, atLeast: atLeast)
        }
    }

    // MARK: compare

    static func compare(_ msgs: [Message], round: CompareRound?, width: Int, atLeast: Int) -> [StyledLine] {
        let n = msgs.count
        let colW = (width - (n - 1) * separator.count) / max(1, n)
        let chosen = msgs.firstIndex { $0.group?.chosen == true }
        let selected = round?.selected ?? chosen ?? 0
        let tail = round == nil ? (chosen == nil ? " · not picked" : " · picked \(chosen! + 1)") : " · " + App.pickHint(round!)
        var out = StyledWrap.wrap(Markdown.chars("compare", .accent) + Markdown.chars(tail, .dim), width: width)
        if colW < minColumn {
            // Stacked: a selector line, then the selected answer.
            var tabs: StyledLine = []
            for (i, m) in msgs.enumerated() {
                let label = "\(i + 1) \(m.member ?? "?")" + (i == chosen ? " ✓" : "")
                tabs.append(Span(i == selected ? "[\(label)]" : " \(label) ", i == selected ? .selected : .dim))
            }
            out.append(clip(tabs, width))
            out.append(clip(statusLine(msgs[selected], round?.columns.first { $0.member == msgs[selected].member }), width))
            out += body(msgs[selected], width: width, atLeast: atLeast)
            return out
        }
        let columns = msgs.enumerated().map { i, m -> [StyledLine] in
            let col = round?.columns.first { $0.member == m.member }
            let head: StyledLine = [Span("\(i + 1) ", i == selected && round != nil ? .selected : .dim),
                                    Span(m.member ?? "?", i == selected && round != nil ? .selected : .member),
                                    Span(i == chosen ? " ✓ picked" : "", .ok)]
            return [clip(head, colW), clip(statusLine(m, col), colW)] + body(m, width: colW, atLeast: atLeast)
        }
        let rows = columns.map(\.count).max() ?? 0
        for r in 0..<rows {
            var line: StyledLine = []
            for (c, col) in columns.enumerated() {
                let cell = r < col.count ? col[r] : []
                line += cell
                if c < columns.count - 1 {
                    line.append(Span(String(repeating: " ", count: max(0, colW - lineWidth(cell)))))
                    line.append(Span(separator, .border))
                }
            }
            out.append(line)
        }
        return out
    }

    /// "12.3 tok/s · streaming", "40 tok · 2.1 s", "■ stopped", "✗ failed".
    static func statusLine(_ m: Message, _ col: CompareColumn?) -> StyledLine {
        let rate = m.tokensPerSecond ?? col?.rate
        let rateText = rate.map { String(format: "%.1f tok/s", $0) }
        switch m.status {
        case .streaming:
            let progress = rateText ?? ((col?.tokens ?? 0) > 0 ? "\(col!.tokens) tok" : "waiting…")
            return [Span(progress + " · streaming", .dim)]
        case .complete:
            var parts: [String] = []
            if let t = m.completionTokens { parts.append("\(t) tok") }
            if let s = m.seconds { parts.append(String(format: "%.1f s", s)) }
            if let rateText { parts.append(rateText) }
            return [Span(parts.isEmpty ? "done" : parts.joined(separator: " · "), .dim)]
        case .stopped: return [Span("■ stopped", .warning)]
        case let .failed(why): return [Span("✗ " + why, .error)]
        }
    }

    static func body(_ m: Message, width: Int, atLeast: Int) -> [StyledLine] {
        var text = m.text
        if m.status == .streaming { text += "▍" }
        return Markdown.renderTail(text, width: width, atLeast: atLeast).map { clip($0, width) }
    }

    // MARK: cascade

    static func cascade(_ msgs: [Message], width: Int, atLeast: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        for (i, m) in msgs.enumerated() {
            let g = m.group
            var mark = "step \(i + 1)"
            if g?.chosen == true { mark += " · answered" } else if let note = g?.note { mark += " · weak: " + note + " → escalated" }
            if i > 0 { out.append([]) }
            out += ChatPane.layout(m, width: width, isLast: i == msgs.count - 1, atLeast: atLeast)
            out.append(clip([Span("  "), Span("↳ cascade " + mark, g?.chosen == true ? .ok : .dim)], width))
        }
        return out
    }

    // MARK: helpers

    static func lineWidth(_ line: StyledLine) -> Int { line.reduce(0) { $0 + TextWidth.width(of: $1.text) } }

    /// The line cut to `w` columns (a code line may be wider than its column).
    static func clip(_ line: StyledLine, _ w: Int) -> StyledLine {
        var out: StyledLine = []
        var used = 0
        for span in line {
            let sw = TextWidth.width(of: span.text)
            if used + sw <= w {
                out.append(span)
                used += sw
                continue
            }
            var text = ""
            for ch in span.text {
                let cw = TextWidth.width(of: TextWidth.inert(ch))
                if used + cw > w { break }
                text.append(ch)
                used += cw
            }
            if !text.isEmpty { out.append(Span(text, span.role)) }
            break
        }
        return out
    }
}
