import HerdCore

/// The one keymap: which key performs which action, built from the config's `[keys]` (each
/// action's default key where the config says nothing). `App.handleKey` dispatches on the action
/// it finds here, and F1 help lists the keys from it, so a rebound key works and is shown.
public struct Keymap: Sendable, Equatable {
    private var actions: [Key: KeyAction] = [:]
    private var keys: [KeyAction: Key] = [:]

    /// - Parameter bindings: action → key as the config writes it (normalised by `KeyBindings`);
    ///   a key no terminal can report (the config check refuses those) keeps the action's default.
    public init(_ bindings: [KeyAction: String] = [:]) {
        for action in KeyAction.allCases where action != .pin {
            guard let key = bindings[action].flatMap(Key.init(spec:)) ?? Key(spec: action.defaultKey) else { continue }
            keys[action] = key
            actions[key] = action
        }
    }

    /// The action a key performs, if it is bound to one.
    public func action(for key: Key) -> KeyAction? { actions[key] }

    /// The key an action is bound to (`nil` for `pin`, a modifier).
    public func key(for action: KeyAction) -> Key? { keys[action] }

    /// Alt-1…9 pin member N, unless the key is bound to an action.
    public func pinNumber(for key: Key) -> Int? {
        guard actions[key] == nil, case let .alt(c) = key, let n = c.wholeNumberValue, (1...9).contains(n) else { return nil }
        return n
    }

    /// The help's name for an action's key.
    public func label(_ action: KeyAction) -> String {
        action == .pin ? "Alt-1…9" : key(for: action)?.label ?? "—"
    }
}
