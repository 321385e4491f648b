/// A key press (or mouse wheel), decoded by the terminal layer.
public enum Key: Sendable, Hashable {
    case char(Character)
    case enter
    /// Alt-Enter: a newline in the input.
    case altEnter
    case backspace, delete
    case left, right, up, down, home, end
    case wordLeft, wordRight
    case pageUp, pageDown
    case tab
    case esc
    /// Ctrl with a letter, lowercased: `.ctrl("r")`.
    case ctrl(Character)
    /// Alt (Meta) with a character: `.alt("1")`.
    case alt(Character)
    case function(Int)
    case wheelUp, wheelDown
    /// A bracketed or fast paste, delivered whole.
    case paste(String)
}
