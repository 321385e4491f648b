import HerdCore
/// The markdown Herd renders: headings, fenced code blocks, lists and quotes line by line, so a
/// reply streaming in renders stably (an unclosed fence is code until it closes); inline markup
/// within a line by cmark-gfm's CommonMark parser (`InlineMarkdown`).
public enum Markdown {
    /// Lays `text` out as styled lines of at most `width` columns.
    /// The first line starts with `label`; later lines are indented by `indent`.
    public static func render(_ text: String, width: Int, label: StyledLine = [], indent: Int = 0, baseRole: StyleRole = .normal) -> [StyledLine] {
        renderTail(text, width: width, label: label, indent: indent, baseRole: baseRole, atLeast: .max)
    }

    /// The last lines of `render(text, …)`, at least `atLeast` of them when there are that many.
    public static func renderTail(_ text: String, width: Int, label: StyledLine = [], indent: Int = 0,
                                  baseRole: StyleRole = .normal, atLeast: Int) -> [StyledLine] {
        renderTail(text, width: width, label: label, indent: indent, baseRole: baseRole, atLeast: atLeast, memo: nil)
    }

    /// The last lines of `render(text, …)`, at least `atLeast` of them when there are that many.
    ///
    /// Why: a reply streaming in grows to thousands of lines, and every frame shows only its end.
    /// Which lines sit inside a code fence is found by a cheap forward scan; only the source lines
    /// at the end are laid out, so a frame costs the same at token 10 and at token 10,000.
    /// With `memo`, lines laid out for the same text at an earlier frame are taken from it (the same lines).
    static func renderTail(_ text: String, width: Int, label: StyledLine = [], indent: Int = 0,
                           baseRole: StyleRole = .normal, atLeast: Int, memo: MarkdownMemo?) -> [StyledLine] {
        // Bytes, not Characters: this scan runs over the whole reply at every frame.
        let rawLines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        var fenceAtStart: [Bool] = []
        fenceAtStart.reserveCapacity(rawLines.count)
        var inFence = false
        for raw in rawLines {
            fenceAtStart.append(inFence)
            if isFence(raw) { inFence.toggle() }
        }
        var chunks: [[StyledLine]] = []
        var count = 0
        var i = rawLines.count - 1
        memo?.begin(width: width, label: label, indent: indent, baseRole: baseRole)
        while i >= 0, count < atLeast {
            let raw = rawLines[i], inFence = fenceAtStart[i], prefix = i == 0 ? label : []
            func render(_ resume: inout WrapResume?) -> [StyledLine] {
                renderLine(Substring(raw), prefix: prefix, inFence: inFence, width: width, indent: indent, baseRole: baseRole, resume: &resume)
            }
            let chunk: [StyledLine]
            if let memo {
                chunk = memo.lines(at: i, raw: raw, inFence: inFence, isLast: i == rawLines.count - 1, render: render)
            } else {
                var none: WrapResume?
                chunk = render(&none)
            }
            count += chunk.count
            chunks.append(chunk)
            i -= 1
        }
        var out: [StyledLine] = []
        out.reserveCapacity(count)
        for chunk in chunks.reversed() { out += chunk }
        return out
    }

    static func isFence(_ raw: Substring.UTF8View) -> Bool {
        let trimmed = raw.drop(while: { $0 == 0x20 })
        guard let first = trimmed.first, first == 0x60 || first == 0x7E else { return false }
        return trimmed.prefix(3).elementsEqual(repeatElement(first, count: 3))
    }

    /// One source line; `inFence` says whether it starts inside a code fence. Its wrap goes on from
    /// `resume` where that holds (`WrapResume`), and is left in it.
    static func renderLine(_ raw: Substring, prefix: StyledLine, inFence: Bool, width: Int, indent: Int, baseRole: StyleRole,
                           resume: inout WrapResume?) -> [StyledLine] {
        // A last byte of CR is a last Character of CR (a cluster breaks after CR): no Character walk from the end.
        let line = raw.utf8.last == 0x0D ? raw.dropLast() : raw
        let trimmed = line.drop(while: { $0 == " " })
        // The first byte rules out a fence, heading, quote or list item before any Character is made:
        // this runs on a streaming reply's whole last line at every frame.
        let lead = trimmed.utf8.first ?? 0
        if lead == 0x60 || lead == 0x7E, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
            let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
            let marker = !inFence ? "╭─ " + (lang.isEmpty ? "code" : lang) : "╰─"
            return StyledWrap.wrap(chars(marker, .dim), width: width, firstPrefix: prefix, indent: indent)
        }
        if inFence {
            return codeLines(String(line), width: width, prefix: prefix, indent: indent)
        }
        if lead == 0x23, trimmed.first == "#" {
            let hashes = trimmed.prefix(while: { $0 == "#" })
            if hashes.count <= 6, trimmed.dropFirst(hashes.count).first == " " {
                let title = trimmed.dropFirst(hashes.count + 1)
                return WrapResume.wrap(inline(String(title), base: .heading), width: width, firstPrefix: prefix, indent: indent, resume: &resume)
            }
        }
        if lead == 0x3E, trimmed.hasPrefix(">") {
            let body = trimmed.dropFirst().drop(while: { $0 == " " })
            let bar = Span("│ ", .quote)
            let lines = WrapResume.wrap(inline(String(body), base: .quote), width: max(1, width - 2), firstPrefix: prefix, indent: 0, resume: &resume)
            return lines.enumerated().map { n, l in
                n == 0 && !prefix.isEmpty ? l : [Span(String(repeating: " ", count: indent)), bar] + l
            }
        }
        // Only single-byte spaces were dropped: bytes count them as Characters would, without a walk.
        let spaces = line.utf8.count - trimmed.utf8.count
        if let item = listItem(trimmed) {
            let bulletText = String(repeating: " ", count: spaces) + item.bullet
            let hang = indent + TextWidth.width(of: bulletText)
            var first = prefix.isEmpty ? [Span(String(repeating: " ", count: indent))] : prefix
            first.append(Span(bulletText, .accent))
            return WrapResume.wrap(inline(String(item.body), base: baseRole), width: width, firstPrefix: first, indent: hang, resume: &resume)
        }
        let first = prefix.isEmpty ? [Span(String(repeating: " ", count: indent))] : prefix
        return WrapResume.wrap(inline(String(line), base: baseRole), width: width, firstPrefix: first, indent: indent, resume: &resume)
    }

    static func listItem(_ s: Substring) -> (bullet: String, body: Substring)? {
        // An ASCII first byte other than a bullet or a digit starts no item (its Character is neither).
        if let b = s.utf8.first, b < 0x80, b != 0x2D, b != 0x2A, b != 0x2B, !(0x30...0x39).contains(b) { return nil }
        if let f = s.first, f == "-" || f == "*" || f == "+", s.dropFirst().first == " " {
            return ("• ", s.dropFirst(2))
        }
        let digits = s.prefix(while: { $0.isNumber })
        if !digits.isEmpty, digits.count < 4 {
            let rest = s.dropFirst(digits.count)
            if let d = rest.first, d == "." || d == ")", rest.dropFirst().first == " " {
                return ("\(digits)\(d) ", rest.dropFirst(2))
            }
        }
        return nil
    }

    static func codeLines(_ line: String, width: Int, prefix: StyledLine, indent: Int) -> [StyledLine] {
        let pad = prefix.isEmpty ? indent : 0
        var lines: [StyledLine] = []
        var cur = prefix.isEmpty ? [Span(String(repeating: " ", count: pad))] : prefix
        var curWidth = cur.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        var code = ""
        for ch in line {
            let w = TextWidth.width(of: TextWidth.inert(ch))
            if curWidth + w > width, !code.isEmpty {
                cur.append(Span(code, .code))
                lines.append(cur)
                cur = [Span(String(repeating: " ", count: indent))]
                curWidth = indent
                code = ""
            }
            code.append(ch)
            curWidth += w
        }
        cur.append(Span(code, .code))
        lines.append(cur)
        return lines
    }

    static func chars(_ s: String, _ role: StyleRole) -> [StyledChar] {
        s.map { StyledChar(ch: $0, role: role) }
    }

    /// Inline markup, as CommonMark reads it (see `InlineMarkdown`).
    static func inline(_ s: String, base: StyleRole) -> [StyledChar] {
        InlineMarkdown.styled(s, base: base)
    }

    /// The last fenced code block of `text` (an unclosed one counts), without its fences.
    public static func lastCodeBlock(in text: String) -> String? {
        var inFence = false
        var current: [Substring] = []
        var last: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop(while: { $0 == " " })
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                if inFence { last = current } else { current = [] }
                inFence.toggle()
                continue
            }
            if inFence { current.append(line) }
        }
        if inFence { last = current }
        return last.map { $0.joined(separator: "\n") }
    }
}
