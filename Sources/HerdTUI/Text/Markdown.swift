/// The markdown subset Herd renders: headings, bold, italics, inline code, fenced code blocks,
/// lists and quotes. Rendering is line by line, so a reply streaming in renders stably: an
/// unclosed fence is code until it closes.
public enum Markdown {
    /// Lays `text` out as styled lines of at most `width` columns.
    /// The first line starts with `label`; later lines are indented by `indent`.
    public static func render(_ text: String, width: Int, label: StyledLine = [], indent: Int = 0, baseRole: StyleRole = .normal) -> [StyledLine] {
        var out: [StyledLine] = []
        var inFence = false
        let rawLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for raw in rawLines {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let prefix: StyledLine = out.isEmpty ? label : []
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                let lang = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                let marker = inFence ? "╭─ " + (lang.isEmpty ? "code" : lang) : "╰─"
                out += StyledWrap.wrap(chars(marker, .dim), width: width, firstPrefix: prefix, indent: indent)
                continue
            }
            if inFence {
                out += codeLines(String(line), width: width, prefix: prefix, indent: indent)
                continue
            }
            if trimmed.first == "#" {
                let hashes = trimmed.prefix(while: { $0 == "#" })
                if hashes.count <= 6, trimmed.dropFirst(hashes.count).first == " " {
                    let title = trimmed.dropFirst(hashes.count + 1)
                    out += StyledWrap.wrap(inline(String(title), base: .heading), width: width, firstPrefix: prefix, indent: indent)
                    continue
                }
            }
            if trimmed.hasPrefix(">") {
                let body = trimmed.dropFirst().drop(while: { $0 == " " })
                let bar = Span("│ ", .quote)
                let lines = StyledWrap.wrap(inline(String(body), base: .quote), width: max(1, width - 2), firstPrefix: prefix, indent: 0)
                for (n, l) in lines.enumerated() {
                    out.append(n == 0 && !prefix.isEmpty ? l : [Span(String(repeating: " ", count: indent)), bar] + l)
                }
                continue
            }
            let lead = line.count - trimmed.count
            if let item = listItem(trimmed) {
                let bulletText = String(repeating: " ", count: lead) + item.bullet
                let hang = indent + TextWidth.width(of: bulletText)
                var first = prefix.isEmpty ? [Span(String(repeating: " ", count: indent))] : prefix
                first.append(Span(bulletText, .accent))
                out += StyledWrap.wrap(inline(String(item.body), base: baseRole), width: width, firstPrefix: first, indent: hang)
                continue
            }
            let first = prefix.isEmpty ? [Span(String(repeating: " ", count: indent))] : prefix
            out += StyledWrap.wrap(inline(String(line), base: baseRole), width: width, firstPrefix: first, indent: indent)
        }
        return out
    }

    static func listItem(_ s: Substring) -> (bullet: String, body: Substring)? {
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

    /// Inline markup: `code`, **bold**, *italic* / _italic_. Unclosed markers stay literal.
    static func inline(_ s: String, base: StyleRole) -> [StyledChar] {
        let a = Array(s)
        var out: [StyledChar] = []
        out.reserveCapacity(a.count)
        var i = 0
        while i < a.count {
            let c = a[i]
            if c == "`", let close = a[(i + 1)...].firstIndex(of: "`"), close > i + 1 {
                for ch in a[(i + 1)..<close] { out.append(StyledChar(ch: ch, role: .code)) }
                i = close + 1
                continue
            }
            if c == "*" || c == "_" {
                let double = i + 1 < a.count && a[i + 1] == c
                let marker = double ? 2 : 1
                let start = i + marker
                if start < a.count, a[start] != " ", let end = findClose(a, from: start, marker: c, count: marker) {
                    let role: StyleRole = double ? .bold : .italic
                    for ch in a[start..<end] { out.append(StyledChar(ch: ch, role: role)) }
                    i = end + marker
                    continue
                }
            }
            out.append(StyledChar(ch: c, role: base))
            i += 1
        }
        return out
    }

    static func findClose(_ a: [Character], from: Int, marker: Character, count: Int) -> Int? {
        var j = from
        while j + count <= a.count {
            if a[j] == marker, a[j - 1] != " " {
                if count == 1 || (j + 1 < a.count && a[j + 1] == marker) {
                    if count == 1, j + 1 < a.count, a[j + 1] == marker { j += 2; continue }
                    return j
                }
            }
            j += 1
        }
        return nil
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
