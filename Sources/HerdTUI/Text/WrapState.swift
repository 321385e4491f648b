/// `StyledWrap.wrap`'s loop as a value, so that it can stop at a word and go on later from a copy
/// over a longer text that starts the same: a reply streaming in is one growing line, and every
/// frame wrapped it whole (`WrapResume`).
struct WrapState {
    let width: Int
    let firstPrefix: StyledLine
    let indent: Int
    private(set) var lines: [StyledLine] = []
    private var line: [StyledChar] = []
    private var lineWidth = 0
    private var lineStart = true
    private var avail: Int
    /// Where the loop stands: 0, or the first of the spaces after a word.
    private(set) var i = 0

    init(width: Int, firstPrefix: StyledLine, indent: Int) {
        self.width = width
        self.firstPrefix = firstPrefix
        self.indent = indent
        avail = max(1, width - firstPrefix.reduce(0) { $0 + TextWidth.width(of: $1.text) })
    }

    /// The last place the loop stands at before the end of `chars`: the first of the spaces before
    /// the last word (or the trailing spaces), or 0. What the loop did up to there depends on
    /// `chars` before it and on nothing after, but that a space is there.
    static func lastStep(_ chars: [StyledChar]) -> Int {
        var k = chars.count
        while k > 0, chars[k - 1].ch != " " { k -= 1 }
        while k > 0, chars[k - 1].ch == " " { k -= 1 }
        return k
    }

    /// Wraps `chars` from where the loop stands until it stands at `stop` (a place `lastStep`
    /// gives, or one the loop passes) or at the end.
    mutating func run(_ chars: [StyledChar], until stop: Int = .max) {
        while i < chars.count, i < stop {
            // Take the next word (non-space run) and the spaces before it.
            var j = i
            while j < chars.count, chars[j].ch == " " { j += 1 }
            let spaces = j - i
            var k = j
            var wordWidth = 0
            while k < chars.count, chars[k].ch != " " {
                wordWidth += TextWidth.width(of: TextWidth.inert(chars[k].ch))
                k += 1
            }
            let sep = lineStart ? (lines.isEmpty ? spaces : 0) : spaces
            if lineWidth + sep + wordWidth <= avail {
                if sep > 0 { line += chars[(j - sep)..<j] }
                line += chars[j..<k]
                lineWidth += sep + wordWidth
                if k > j || sep > 0 { lineStart = false }
            } else if wordWidth <= avail && !lineStart {
                emit()
                line += chars[j..<k]
                lineWidth = wordWidth
                lineStart = false
            } else {
                // The word alone is too long: cut it by columns.
                if !lineStart, lineWidth + sep < avail { line += chars[(j - sep)..<j]; lineWidth += sep }
                for c in chars[j..<k] {
                    let w = TextWidth.width(of: TextWidth.inert(c.ch))
                    if lineWidth + w > avail, !line.isEmpty { emit() }
                    line.append(c)
                    lineWidth += w
                    lineStart = false
                }
            }
            i = k
        }
    }

    /// The lines, once `run` reached the end.
    mutating func finish() -> [StyledLine] {
        if !line.isEmpty || lines.isEmpty { emit() }
        return lines
    }

    private mutating func emit() {
        var spans: StyledLine = lines.isEmpty ? firstPrefix : (indent > 0 ? [Span(String(repeating: " ", count: indent))] : [])
        for c in line {
            if let last = spans.last, last.role == c.role { spans[spans.count - 1].text.append(c.ch) } else { spans.append(Span(String(c.ch), c.role)) }
        }
        lines.append(spans)
        line = []
        lineWidth = 0
        lineStart = true
        avail = max(1, width - indent)
    }
}
