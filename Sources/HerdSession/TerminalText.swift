/// Model output made safe for a terminal: escape sequences and other control characters
/// become visible control pictures; newlines and tabs stay.
public enum TerminalText {
    public static func inert(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscaping) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u == "\n" || u == "\t" {
                out.append(u)
            } else if u.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + u.value)!)
            } else if u.value == 0x7F {
                out.append("\u{2421}")
            } else if needsEscaping(u) {
                out.append("\u{FFFD}")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    public static func needsEscaping(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v < 0xA0)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
