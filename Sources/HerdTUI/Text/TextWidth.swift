import HerdCore

/// Display width of text in terminal columns (wcwidth semantics, independent of the C locale):
/// East Asian wide and fullwidth characters and emoji take 2 columns, combining marks 0.
public enum TextWidth {
    /// Columns a grapheme cluster takes.
    public static func width(of ch: Character) -> Int {
        // ASCII first, before the scalar view is made: this runs for every character of every frame.
        // ("\r\n" is one Character whose asciiValue is "\n": a control character either way.)
        if let a = ch.asciiValue { return a < 0x20 || a == 0x7F ? 0 : 1 }
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // An emoji presentation selector makes the cluster wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        return width(of: first)
    }

    /// Columns one scalar takes.
    public static func width(of s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        // Without a Unicode property lookup for the common one-column blocks (profiled: the lookups
        // were most of a frame's measuring on a reply of accented letters, control pictures and U+FFFD).
        if isNarrowBlock(v) { return 1 }
        return propertyWidth(of: s)
    }

    /// Latin-1 to the spacing modifiers, general punctuation, arrows, control pictures, box drawing,
    /// blocks and most geometric shapes, U+FFFD: blocks whose every scalar `propertyWidth` makes one
    /// column wide (a test holds them to it), and that hold no mark, no format character, no wide
    /// character and no emoji shown as one by default.
    @inline(__always)
    static func isNarrowBlock(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2400...0x243F, 0x2500...0x25FC, 0xFFFD:
            return true
        default:
            return false
        }
    }

    /// The rule for any scalar past the C0 and C1 controls, from its Unicode properties.
    static func propertyWidth(of s: Unicode.Scalar) -> Int {
        let v = s.value
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v == 0x00AD ? 1 : 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants join.
        if v == 0x200B { return 0 }
        if isWide(v) { return 2 }
        if s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Columns a string takes.
    public static func width(of s: some StringProtocol) -> Int {
        // Printable ASCII is one column a byte, and two such bytes never join into one character.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var n = 0
        for ch in s { n += width(of: inert(ch)) }
        return n
    }

    /// A character made safe to draw by `InertText`'s rule: an unsafe first scalar shows as its
    /// stand-in (ESC as ␛), a cluster hiding one further in as "�". Tab becomes a space.
    public static func inert(_ ch: Character) -> Character {
        if let a = ch.asciiValue, a >= 0x20, a != 0x7F { return ch }  // Printable ASCII is safe as it is.
        if ch == "\t" { return " " }
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return ch }
        if InertText.isUnsafe(first) { return Character(InertText.standIn(for: first)) }
        if scalars.count > 1, scalars.contains(where: InertText.isUnsafe) { return "\u{FFFD}" }
        return ch
    }
}
