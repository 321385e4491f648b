/// One lettered option of a multiple-choice question (`C. LIFO memory`).
public struct ChoiceOption: Sendable, Hashable {
    /// The option's letter, upper case.
    public var letter: Character
    /// The option's text without its letter.
    public var text: String

    public init(letter: Character, text: String) {
        self.letter = letter
        self.text = text
    }

    /// Finds the options in a prompt: lines `A. …`, `B) …`, `(C) …`, lettered from A without gaps. A line
    /// that is not the next option continues the previous one (option texts may hold line breaks). When the
    /// prompt has several lists, the last one wins, so a question that mentions "A." in its body still works.
    public static func parse(prompt: String) -> [ChoiceOption] {
        var best: [ChoiceOption] = []
        var current: [ChoiceOption] = []
        for raw in prompt.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let (letter, text) = lettered(line) {
                let expected = Character(UnicodeScalar(UInt8(ascii: "A") + UInt8(current.count)))
                if letter == expected {
                    current.append(ChoiceOption(letter: letter, text: text))
                    continue
                } else if letter == "A" {
                    if current.count >= 2 { best = current }
                    current = [ChoiceOption(letter: letter, text: text)]
                    continue
                }
            }
            if !current.isEmpty && !line.isEmpty {
                current[current.count - 1].text += "\n" + line
            }
        }
        if current.count >= 2 { best = current }
        return best
    }

    /// `A. text`, `A) text`, `(A) text`, `A: text` → ("A", "text").
    static func lettered(_ line: String) -> (Character, String)? {
        var s = Substring(line)
        var paren = false
        if s.first == "(" { paren = true; s = s.dropFirst() }
        guard let c = s.first, c.isASCII, c.isUppercase, c.isLetter else { return nil }
        s = s.dropFirst()
        guard let mark = s.first else { return nil }
        if paren {
            guard mark == ")" else { return nil }
        } else {
            guard mark == "." || mark == ")" || mark == ":" else { return nil }
        }
        s = s.dropFirst()
        guard s.isEmpty || s.first == " " || s.first == "\t" else { return nil }
        return (c, s.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
