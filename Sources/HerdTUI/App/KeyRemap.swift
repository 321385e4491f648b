/// Rebound keys (the config's `[keys]`): a pressed key that the user bound to an action becomes
/// the key the app knows that action by, before `App.update` sees it.
public struct KeyRemap: Sendable, Equatable {
    private var map: [Key: Key] = [:]

    public init() {}

    /// `pairs`: (the key the user chose, the action's default key), both written as in the config
    /// (`ctrl-r`, `alt-enter`, `f1`, `pgup`, `[`). Pairs naming keys the terminal cannot report are skipped.
    public init(_ pairs: [(chosen: String, standard: String)]) {
        for (chosen, standard) in pairs where chosen != standard {
            guard let from = KeyRemap.key(chosen), let to = KeyRemap.key(standard) else { continue }
            map[from] = to
        }
    }

    public var isEmpty: Bool { map.isEmpty }

    public func apply(_ key: Key) -> Key { map[key] ?? key }

    /// A key written as in the config, or nil when no terminal key matches it.
    public static func key(_ spec: String) -> Key? {
        let s = spec.lowercased()
        if s.count == 1, let c = s.first { return .char(c) }
        if s.hasPrefix("ctrl-"), s.count == 6, let c = s.last, c.isLetter { return .ctrl(c) }
        if s == "alt-enter" { return .altEnter }
        if s.hasPrefix("alt-"), s.count == 5, let c = s.last { return .alt(c) }
        if s.hasPrefix("f"), let n = Int(s.dropFirst()), (1...12).contains(n) { return .function(n) }
        switch s {
        case "enter": return .enter
        case "esc": return .esc
        case "tab": return .tab
        case "backspace": return .backspace
        case "delete": return .delete
        case "space": return .char(" ")
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "home": return .home
        case "end": return .end
        case "pgup": return .pageUp
        case "pgdn": return .pageDown
        default: return nil
        }
    }
}
