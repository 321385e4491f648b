/// What `Markdown.renderTail` laid out for one text (a message), kept for the next frame: each
/// source line's screen lines, and the last source line's wrap up to its last word. A finished
/// reply then costs a lookup a line, and a streaming one only its last words. Every reuse is
/// checked against the text itself (bytes, not canonical equivalence), so the lines are those
/// `renderTail` gives without a memo, whatever the text did.
final class MarkdownMemo {
    /// What every line was laid out with.
    private struct Params {
        var width: Int
        var label: StyledLine
        var indent: Int
        var baseRole: StyleRole
    }

    /// A source line and its screen lines.
    private struct Entry {
        var raw: Substring.UTF8View
        var inFence: Bool
        var lines: [StyledLine]
    }

    private var params: Params?
    private var entries: [Int: Entry] = [:]
    /// The last source line's wrap, standing at its last word.
    private var resume: WrapResume?

    /// Forgets everything unless the lines are laid out as before.
    func begin(width: Int, label: StyledLine, indent: Int, baseRole: StyleRole) {
        if let p = params, p.width == width, p.indent == indent, p.baseRole == baseRole, WrapResume.same(p.label, label) { return }
        params = Params(width: width, label: label, indent: indent, baseRole: baseRole)
        entries = [:]
        resume = nil
    }

    /// The screen lines of source line `index`: kept ones when it is the same line, else `render`'s,
    /// which may go on from the last line's wrap when `isLast`.
    func lines(at index: Int, raw: Substring.UTF8View, inFence: Bool, isLast: Bool,
               render: (inout WrapResume?) -> [StyledLine]) -> [StyledLine] {
        if let e = entries[index], e.inFence == inFence, e.raw.count == raw.count, e.raw.elementsEqual(raw) { return e.lines }
        var none: WrapResume?
        let lines = isLast ? render(&resume) : render(&none)
        entries[index] = Entry(raw: raw, inFence: inFence, lines: lines)
        return lines
    }
}
