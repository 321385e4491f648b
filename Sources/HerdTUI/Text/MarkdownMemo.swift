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

    /// A source line (its own copy: a slice would keep the whole text of its frame alive) and its screen lines.
    private struct Entry {
        var raw: String
        var inFence: Bool
        var lines: [StyledLine]
        /// The last frame that laid it out.
        var frame: Int
    }

    private var params: Params?
    private var entries: [Int: Entry] = [:]
    private var frame = 0
    /// More entries than this, and those the last frame did not lay out go (scrolled away).
    private static let keep = 256
    /// The last source line's wrap, standing at its last word.
    private var resume: WrapResume?

    /// Source lines kept: for tests.
    var kept: Int { entries.count }

    /// Forgets everything unless the lines are laid out as before.
    func begin(width: Int, label: StyledLine, indent: Int, baseRole: StyleRole) {
        frame += 1
        if entries.count > Self.keep { entries = entries.filter { $0.value.frame >= frame - 1 } }
        if let p = params, p.width == width, p.indent == indent, p.baseRole == baseRole, WrapResume.same(p.label, label) { return }
        params = Params(width: width, label: label, indent: indent, baseRole: baseRole)
        entries = [:]
        resume = nil
    }

    /// The screen lines of source line `index`: kept ones when it is the same line, else `render`'s,
    /// which may go on from the last line's wrap when `isLast`.
    func lines(at index: Int, raw: Substring.UTF8View, inFence: Bool, isLast: Bool,
               render: (inout WrapResume?) -> [StyledLine]) -> [StyledLine] {
        if let e = entries[index], e.inFence == inFence, e.raw.utf8.count == raw.count, e.raw.utf8.elementsEqual(raw) {
            entries[index]!.frame = frame
            return e.lines
        }
        var none: WrapResume?
        let lines = isLast ? render(&resume) : render(&none)
        entries[index] = Entry(raw: String(Substring(raw)), inFence: inFence, lines: lines, frame: frame)
        return lines
    }
}
