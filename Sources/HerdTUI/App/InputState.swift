/// The input line: text (possibly several lines) and a cursor, as a character index.
public struct InputState: Sendable, Hashable {
    public var text: [Character] = []
    public var cursor: Int = 0

    public init(_ s: String = "") {
        text = Array(s)
        cursor = text.count
    }

    public var string: String { String(text) }
    public var isEmpty: Bool { text.isEmpty }

    public mutating func insert(_ s: String) {
        // Foundation's replacing is slow on every key typed; most text has no CR to replace.
        let chars = s.utf8.contains(0x0D) ? Array(s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")) : Array(s)
        text.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: cursor)
    }

    public mutating func left() { cursor = max(0, cursor - 1) }
    public mutating func right() { cursor = min(text.count, cursor + 1) }

    public mutating func home() {
        while cursor > 0, text[cursor - 1] != "\n" { cursor -= 1 }
    }

    public mutating func end() {
        while cursor < text.count, text[cursor] != "\n" { cursor += 1 }
    }

    public mutating func wordLeft() {
        while cursor > 0, !text[cursor - 1].isLetterOrDigit { cursor -= 1 }
        while cursor > 0, text[cursor - 1].isLetterOrDigit { cursor -= 1 }
    }

    public mutating func wordRight() {
        while cursor < text.count, !text[cursor].isLetterOrDigit { cursor += 1 }
        while cursor < text.count, text[cursor].isLetterOrDigit { cursor += 1 }
    }

    /// Deletes the word before the cursor (Ctrl-W).
    public mutating func deleteWordBack() {
        let end = cursor
        wordLeft()
        text.removeSubrange(cursor..<end)
    }
}

extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber || self == "_" }
}
