/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var role: StyleRole
    public init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One screen line of styled text.
public typealias StyledLine = [Span]

/// A character with its style, the unit of wrapping.
struct StyledChar {
    var ch: Character
    var role: StyleRole
}

enum StyledWrap {
    /// Wraps styled characters into lines of at most `width` columns, breaking at spaces when possible.
    /// Continuation lines start with `indent` spaces.
    static func wrap(_ chars: [StyledChar], width: Int, firstPrefix: StyledLine = [], indent: Int = 0) -> [StyledLine] {
        let firstWidth = firstPrefix.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        var lines: [StyledLine] = []
        var line: [StyledChar] = []
        var lineWidth = 0
        var lineStart = true
        var avail = max(1, width - firstWidth)
        var i = 0
        func emit() {
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
        while i < chars.count {
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
            } else if wordWidth <= avail - (lineStart ? 0 : 0) && !lineStart {
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
        if !line.isEmpty || lines.isEmpty { emit() }
        return lines
    }
}
