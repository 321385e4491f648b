/// The line of every key in a TOML text. TOMLKit reports lines for syntax errors only, so problems found
/// in the parsed values are placed by scanning the text for the keys: table headers (`[router]`,
/// `[[members]]`, counted per array), `key = value` lines (dotted and quoted keys too) and keys inside
/// inline tables. Multi-line strings and arrays are skipped, so text in them is never taken for a key.
///
/// Paths are written `servers[1].url`, `router.embeddings.model`, `keys.send`.
struct TOMLLineIndex {
    /// Key path → 1-based line.
    private(set) var lines: [String: Int] = [:]
    /// Table headers in order: path and line.
    private(set) var headers: [(path: String, line: Int)] = []
    /// Number of lines in the text.
    let lineCount: Int

    init(text: String) {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        lineCount = all.count
        var current: [String] = []
        var lastIndex: [String: Int] = [:]  // array-of-tables path → index of its last element
        var openString: [Character]?        // the closing delimiter of a multi-line string we are inside
        var depth = 0                       // open brackets of a multi-line array
        for (n, chars) in all.enumerated() {
            let lineNo = n + 1
            var i = 0
            if let close = openString {
                guard let end = TOMLLineIndex.find(close, in: chars, from: 0) else { continue }
                openString = nil
                i = end + close.count
                TOMLLineIndex.scanValue(chars, &i, depth: &depth, openString: &openString)
                continue
            }
            if depth > 0 {
                TOMLLineIndex.scanValue(chars, &i, depth: &depth, openString: &openString)
                continue
            }
            TOMLLineIndex.skipSpace(chars, &i)
            guard i < chars.count, chars[i] != "#" else { continue }
            if chars[i] == "[" {
                let isArray = i + 1 < chars.count && chars[i + 1] == "["
                i += isArray ? 2 : 1
                guard let comps = TOMLLineIndex.parseKey(chars, &i) else { continue }
                // Each parent resolves to the last element when it is an array of tables.
                var resolved: [String] = []
                for c in comps {
                    let plain = TOMLLineIndex.join(resolved + [c])
                    resolved.append(lastIndex[plain].map { "\(c)[\($0)]" } ?? c)
                }
                if isArray {
                    let plain = TOMLLineIndex.join(Array(resolved.dropLast()) + [comps.last!])
                    let next = (lastIndex[plain] ?? -1) + 1
                    lastIndex[plain] = next
                    resolved[resolved.count - 1] = "\(comps.last!)[\(next)]"
                    if lines[plain] == nil { lines[plain] = lineNo }
                }
                current = resolved
                let path = TOMLLineIndex.join(current)
                headers.append((path, lineNo))
                if lines[path] == nil { lines[path] = lineNo }
                continue
            }
            guard let comps = TOMLLineIndex.parseKey(chars, &i) else { continue }
            TOMLLineIndex.skipSpace(chars, &i)
            guard i < chars.count, chars[i] == "=" else { continue }
            i += 1
            let path = current + comps
            record(path, line: lineNo)
            TOMLLineIndex.skipSpace(chars, &i)
            if i < chars.count, chars[i] == "{" {
                var j = i
                recordInline(chars, &j, under: path, line: lineNo)
            }
            TOMLLineIndex.scanValue(chars, &i, depth: &depth, openString: &openString)
        }
    }

    /// The line of a key, or of the nearest enclosing key or table that has one.
    func line(of path: String) -> Int? {
        var p = path
        while true {
            if let l = lines[p] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            p = String(p[..<cut])
        }
    }

    /// The lines a table spans: its header to the line before the next header (the whole text for the root).
    func range(ofTable path: String) -> ClosedRange<Int> {
        guard let k = headers.firstIndex(where: { $0.path == path }) else {
            return 1...max(1, (headers.first?.line ?? lineCount + 1) - 1)
        }
        let end = k + 1 < headers.count ? headers[k + 1].line - 1 : max(lineCount, headers[k].line)
        return headers[k].line...max(headers[k].line, end)
    }

    private mutating func record(_ comps: [String], line: Int) {
        // Dotted keys define their parents on the same line too (`a.b = 1` defines `a`).
        for k in 1...comps.count {
            let p = TOMLLineIndex.join(Array(comps.prefix(k)))
            if lines[p] == nil || k == comps.count { lines[p] = line }
        }
    }

    private mutating func recordInline(_ chars: [Character], _ i: inout Int, under path: [String], line: Int) {
        i += 1  // {
        while i < chars.count {
            TOMLLineIndex.skipSpace(chars, &i)
            guard i < chars.count, chars[i] != "}" else { i += 1; return }
            guard let comps = TOMLLineIndex.parseKey(chars, &i) else { return }
            TOMLLineIndex.skipSpace(chars, &i)
            guard i < chars.count, chars[i] == "=" else { return }
            i += 1
            TOMLLineIndex.skipSpace(chars, &i)
            record(path + comps, line: line)
            if i < chars.count, chars[i] == "{" {
                recordInline(chars, &i, under: path + comps, line: line)
            } else {
                TOMLLineIndex.skipInlineValue(chars, &i)
            }
            TOMLLineIndex.skipSpace(chars, &i)
            if i < chars.count, chars[i] == "," { i += 1 }
        }
    }

    // MARK: Scanning helpers

    static func join(_ comps: [String]) -> String {
        comps.joined(separator: ".")
    }

    static func skipSpace(_ c: [Character], _ i: inout Int) {
        while i < c.count, c[i] == " " || c[i] == "\t" { i += 1 }
    }

    /// A bare, quoted or dotted key; `nil` when there is none at `i`.
    static func parseKey(_ c: [Character], _ i: inout Int) -> [String]? {
        var comps: [String] = []
        while true {
            skipSpace(c, &i)
            guard i < c.count else { break }
            if c[i] == "\"" || c[i] == "'" {
                let q = c[i]
                var s = ""
                i += 1
                while i < c.count, c[i] != q {
                    if q == "\"", c[i] == "\\", i + 1 < c.count { i += 1 }
                    s.append(c[i])
                    i += 1
                }
                guard i < c.count else { return nil }
                i += 1
                comps.append(s)
            } else {
                var s = ""
                while i < c.count, c[i].isLetter || c[i].isNumber || c[i] == "_" || c[i] == "-" {
                    s.append(c[i])
                    i += 1
                }
                guard !s.isEmpty else { return comps.isEmpty ? nil : comps }
                comps.append(s)
            }
            skipSpace(c, &i)
            guard i < c.count, c[i] == "." else { break }
            i += 1
        }
        return comps.isEmpty ? nil : comps
    }

    static func find(_ needle: [Character], in c: [Character], from start: Int) -> Int? {
        guard needle.count <= c.count else { return nil }
        var i = start
        while i + needle.count <= c.count {
            if Array(c[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// Skips a value to the end of the line, tracking brackets and multi-line strings left open.
    static func scanValue(_ c: [Character], _ i: inout Int, depth: inout Int, openString: inout [Character]?) {
        while i < c.count {
            let ch = c[i]
            if ch == "#" { return }
            if ch == "\"" || ch == "'" {
                let triple = [ch, ch, ch]
                if i + 2 < c.count, c[i + 1] == ch, c[i + 2] == ch {
                    guard let end = find(triple, in: c, from: i + 3) else {
                        openString = triple
                        return
                    }
                    i = end + 3
                    continue
                }
                skipString(c, &i)
                continue
            }
            if ch == "[" || ch == "{" { depth += 1 }
            if ch == "]" || ch == "}" { depth = max(0, depth - 1) }
            i += 1
        }
    }

    /// Skips a one-line string whose opening quote is at `i`: past its closing quote (a backslash
    /// escapes the next character in a basic "…" string, not in a literal '…' one).
    static func skipString(_ c: [Character], _ i: inout Int) {
        let quote = c[i]
        i += 1
        while i < c.count, c[i] != quote {
            if quote == "\"", c[i] == "\\" { i += 1 }
            i += 1
        }
        i += 1
    }

    /// Skips one value inside an inline table: up to the `,` or `}` that ends it.
    static func skipInlineValue(_ c: [Character], _ i: inout Int) {
        var depth = 0
        while i < c.count {
            let ch = c[i]
            if ch == "\"" || ch == "'" {
                skipString(c, &i)
                continue
            }
            if ch == "[" || ch == "{" { depth += 1 }
            if ch == "]" || ch == "}" {
                if depth == 0 { return }
                depth -= 1
            }
            if ch == ",", depth == 0 { return }
            i += 1
        }
    }
}
