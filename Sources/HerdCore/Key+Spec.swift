/// Keys as the config writes them (`ctrl-r`, `alt-enter`, `f1`, `pgup`, `[`), and as help shows them.
/// `Key(spec:)` is the one rule for what can be bound: exactly the keys a terminal reports to Herd.
extension Key {
    /// The key a normalised spec names, or `nil` when no terminal key matches it (`ctrl-1`, `shift-x`, `insert`).
    public init?(spec: String) {
        let s = spec.lowercased()
        if s.count == 1, let c = s.first {
            self = .char(c)
            return
        }
        if s.hasPrefix("ctrl-"), s.count == 6, let c = s.last, c.isLetter, c.isASCII {
            self = .ctrl(c)
            return
        }
        if s == "alt-enter" {
            self = .altEnter
            return
        }
        if s.hasPrefix("alt-"), s.count == 5, let c = s.last {
            self = .alt(c)
            return
        }
        if s.hasPrefix("f"), let n = Int(s.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        let named: [String: Key] = ["enter": .enter, "esc": .esc, "tab": .tab, "backspace": .backspace, "delete": .delete,
                                    "space": .char(" "), "up": .up, "down": .down, "left": .left, "right": .right,
                                    "home": .home, "end": .end, "pgup": .pageUp, "pgdn": .pageDown]
        guard let k = named[s] else { return nil }
        self = k
    }

    /// How help names the key: `Ctrl-R`, `Alt-Enter`, `F1`, `PgUp`, `[`.
    public var label: String {
        switch self {
        case let .char(c): return c == " " ? "Space" : String(c)
        case .enter: return "Enter"
        case .altEnter: return "Alt-Enter"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .left: return "Left"
        case .right: return "Right"
        case .up: return "Up"
        case .down: return "Down"
        case .home: return "Home"
        case .end: return "End"
        case .wordLeft: return "Ctrl-Left"
        case .wordRight: return "Ctrl-Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .tab: return "Tab"
        case .esc: return "Esc"
        case let .ctrl(c): return "Ctrl-" + c.uppercased()
        case let .alt(c): return "Alt-" + (c == " " ? "Space" : c.uppercased())
        case let .function(n): return "F\(n)"
        case .wheelUp: return "wheel up"
        case .wheelDown: return "wheel down"
        case .paste: return "paste"
        }
    }
}
