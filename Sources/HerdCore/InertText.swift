/// The one rule for model output on a terminal: escape sequences and other controls never reach
/// it. C0 controls and DEL show as control pictures (ESC as ␛); C1 controls and the bidirectional
/// overrides, isolates and marks (U+200E, U+200F, U+061C included) as "�". The TUI applies it per
/// cell (`TextWidth.inert`), `herd ask` to what it writes to stdout.
public enum InertText {
    /// Whether a scalar must not reach a terminal as it is (newline and tab are the caller's to place).
    @inline(__always)
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// What an unsafe scalar is shown as.
    public static func standIn(for u: Unicode.Scalar) -> Unicode.Scalar {
        let v = u.value
        if v < 0x20 { return Unicode.Scalar(0x2400 + v)! }
        if v == 0x7F { return "\u{2421}" }
        return "\u{FFFD}"
    }

    /// Text for a terminal's stdout: every unsafe scalar replaced, newlines and tabs kept.
    public static func string(_ s: String) -> String {
        // Printable ASCII, newlines and tabs, byte by byte: most tokens, checked without decoding scalars.
        if s.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) { return s }
        guard s.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && isUnsafe($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            out.append(u == "\n" || u == "\t" || !isUnsafe(u) ? u : standIn(for: u))
        }
        return String(out)
    }
}
