/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var role: StyleRole
    public init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One screen line of styled text.
public typealias StyledLine = [Span]

/// A character with its style, the unit of wrapping.
struct StyledChar {
    var ch: Character
    var role: StyleRole
}

enum StyledWrap {
    /// Wraps styled characters into lines of at most `width` columns, breaking at spaces when possible.
    /// Continuation lines start with `indent` spaces.
    static func wrap(_ chars: [StyledChar], width: Int, firstPrefix: StyledLine = [], indent: Int = 0) -> [StyledLine] {
        var state = WrapState(width: width, firstPrefix: firstPrefix, indent: indent)
        state.run(chars)
        return state.finish()
    }
}
