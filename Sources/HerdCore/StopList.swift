/// Stop sequences written on one line, as after `/set stop`: words separated by spaces, or texts in
/// double quotes with `\n`, `\t`, `\r`, `\"`, `\\` and `\u{HEX}` escapes (a stop sequence is often a newline,
/// which an input line cannot hold). `"\n\n" ### "User:"` is three stops.
public enum StopList {
    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
    }

    /// The stops written in `line`.
    /// - Throws: `ParseError` for an unclosed quote or an unknown escape.
    public static func parse(_ line: String) throws -> [String] {
        var out: [String] = []
        var chars = line.makeIterator()
        var word: String?
        while let c = chars.next() {
            if c == "\"" {
                if let w = word { out.append(w); word = nil }
                var text = ""
                var closed = false
                while let q = chars.next() {
                    if q == "\"" { closed = true; break }
                    if q == "\\" {
                        guard let e = chars.next() else { break }
                        switch e {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        case "r": text.append("\r")
                        case "\"": text.append("\"")
                        case "\\": text.append("\\")
                        case "u": text.unicodeScalars.append(try scalar(&chars))
                        default: throw ParseError(message: "unknown escape \\\(e) (use \\n, \\t, \\r, \\\", \\\\ or \\u{HEX})")
                        }
                    } else {
                        text.append(q)
                    }
                }
                guard closed else { throw ParseError(message: "a quote is not closed") }
                out.append(text)
            } else if c == " " || c == "\t" {
                if let w = word { out.append(w); word = nil }
            } else {
                word = (word ?? "") + String(c)
            }
        }
        if let w = word { out.append(w) }
        return out
    }

    /// C0 and C1 controls and DEL: what could start a terminal escape sequence.
    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7F...0x9F).contains(u.value) }

    /// The scalar of a `\u{HEX}` escape, after the `u`.
    private static func scalar(_ chars: inout String.Iterator) throws -> Unicode.Scalar {
        guard chars.next() == "{" else { throw ParseError(message: "write \\u{HEX}, like \\u{1b}") }
        var hex = ""
        while let h = chars.next(), h != "}" { hex.append(h) }
        guard let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
            throw ParseError(message: "\\u{\(hex)} is not a character")
        }
        return u
    }

    /// The stops as `parse` reads them back: each in quotes, escaped.
    public static func format(_ stops: [String]) -> String {
        stops.map { s in
            var t = "\""
            for c in s {
                switch c {
                case "\r\n": t += "\\r\\n"
                case "\n": t += "\\n"
                case "\t": t += "\\t"
                case "\r": t += "\\r"
                case "\"": t += "\\\""
                case "\\": t += "\\\\"
                default:
                    // Other control characters stay visible (and never reach the terminal raw).
                    if c.unicodeScalars.contains(where: isControl) {
                        for u in c.unicodeScalars { t += isControl(u) ? "\\u{\(String(u.value, radix: 16))}" : String(u) }
                    } else {
                        t.append(c)
                    }
                }
            }
            return t + "\""
        }.joined(separator: " ")
    }
}
