import HerdCore

/// `[keys]`: action → key, e.g. `retry = "ctrl-r"`. Keys are written `[ctrl-|alt-|shift-]*KEY` where KEY is
/// one printable character or one of `KeyBindings.namedKeys`; they are stored normalised (lower case,
/// modifiers in the order ctrl, alt, shift).
public struct KeyBindings: Sendable, Hashable, Codable {
    public var keys: [KeyAction: String]

    public init(_ overrides: [KeyAction: String] = [:]) {
        keys = Dictionary(uniqueKeysWithValues: KeyAction.allCases.map { ($0, $0.defaultKey) })
        for (a, k) in overrides { keys[a] = k }
    }

    public subscript(action: KeyAction) -> String {
        get { keys[action] ?? action.defaultKey }
        set { keys[action] = newValue }
    }

    /// The action bound to a normalised key, if any (`pin` excluded: it is a modifier).
    public func action(for key: String) -> KeyAction? {
        keys.first { $0.key != .pin && $0.value == key }?.key
    }

    public static let modifiers = ["ctrl", "alt", "shift"]
    public static let namedKeys: Set<String> = {
        var s: Set<String> = ["enter", "esc", "tab", "backspace", "delete", "insert", "space", "up", "down", "left", "right",
                              "home", "end", "pgup", "pgdn"]
        for i in 1...12 { s.insert("f\(i)") }
        return s
    }()

    /// The normalised form of a key as written in the config, or why it is not a key.
    public static func normalize(_ raw: String, for action: KeyAction) -> Result<String, KeySpecError> {
        let spec = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if action == .pin {
            guard spec == "alt" else {
                return .failure(KeySpecError(message: "pin takes \"alt\" (Alt-1…9 pin members); a terminal cannot report ctrl with a digit, "
                                             + "so \"\(raw)\" cannot be bound"))
            }
            return .success(spec)
        }
        guard !spec.isEmpty else { return .failure(KeySpecError(message: "empty key")) }
        // A lone "-" is a key; "ctrl--" is ctrl and "-".
        var rest = Substring(spec)
        var mods = Set<String>()
        while let dash = rest.firstIndex(of: "-"), dash != rest.startIndex, rest.index(after: dash) != rest.endIndex {
            let m = String(rest[..<dash])
            guard modifiers.contains(m) else { break }
            guard mods.insert(m).inserted else { return .failure(KeySpecError(message: "\"\(raw)\" repeats \(m)")) }
            rest = rest[rest.index(after: dash)...]
        }
        let key = String(rest)
        if key.count > 1, key.hasSuffix("-"), modifiers.contains(String(key.dropLast())) {
            return .failure(KeySpecError(message: "\"\(raw)\" has no key after \(key)"))
        }
        guard key.count == 1 || namedKeys.contains(key) else {
            let hint = Suggestion.closest(to: key, in: Array(namedKeys)).map { " (did you mean \"\($0)\"?)" } ?? ""
            return .failure(KeySpecError(message: "\"\(raw)\": unknown key \"\(key)\"\(hint); write [ctrl-|alt-|shift-]KEY "
                                          + "with KEY a character or one of enter, esc, tab, up, pgup, f1…"))
        }
        if let c = key.unicodeScalars.first, key.count == 1, c.properties.generalCategory == .control {
            return .failure(KeySpecError(message: "\"\(raw)\": write control keys as ctrl-LETTER"))
        }
        let normalized = (modifiers.filter(mods.contains) + [key]).joined(separator: "-")
        // The keymap's own rule: what `Key(spec:)` cannot name, the TUI would never see.
        guard Key(spec: normalized) != nil else {
            return .failure(KeySpecError(message: "\"\(raw)\" is not a key a terminal reports to Herd; bind a character, ctrl-LETTER, "
                                         + "alt-KEY, F1…F12 or a named key (enter, esc, tab, up, pgup…)"))
        }
        return .success(normalized)
    }
}
