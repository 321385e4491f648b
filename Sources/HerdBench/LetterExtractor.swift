import Foundation

/// Finds the option letter a free-text answer chose, trying the strongest signals first:
/// 1. an answer cue (`The answer is (C)`, `Answer: c`, `final answer: **B**`), the last one;
/// 2. an option cue (`option B`, `choice D`), the last one;
/// 3. a bold letter (`**C**`, `**C.**`), the last one;
/// 4. the reply starting with a letter (`C`, `C.`, `(C) 2`, `c)`);
/// 5. the reply quoting one option's text (the longest that matches);
/// 6. the last standalone capital letter among the options (not the article `A word` nor the pronoun `I think`).
/// Only letters of the question's options count.
public enum LetterExtractor {
    static let answerCue = try! NSRegularExpression(
        pattern: #"answer\s*(?:is|would be|should be|must be|will be|=|:)?\s*(?:option|choice|letter)?\s*[:=\-]?\s*([\(\[\*"'\s]*)([A-Za-z])(?![A-Za-z0-9'\-])([\)\]\*"'.,:;!]?)"#,
        options: [.caseInsensitive])
    static let optionCue = try! NSRegularExpression(
        pattern: #"(?:option|choice|letter)\s*(?:is|:)?\s*([\(\[\*"'\s]*)([A-Za-z])(?![A-Za-z0-9'\-])([\)\]\*"'.,:;!]?)"#,
        options: [.caseInsensitive])
    static let bold = try! NSRegularExpression(
        pattern: #"\*\*\s*\(?([A-Z])\)?[.):]?\s*(?:\*\*|[^A-Za-z0-9*])"#)
    static let leading = try! NSRegularExpression(
        pattern: #"^\s*[\(\[]?([A-Za-z])(?:[\)\]]|[.:](?!\w))(?:\s|$)|^\s*([A-Za-z])\s*$"#)

    /// The chosen letter (upper case), or `nil` when the reply names none of `options`.
    public static func extract(_ text: String, options: [ChoiceOption]) -> Character? {
        let valid = Set(options.map(\.letter))
        func ok(_ c: Character?) -> Character? {
            guard let c, valid.contains(Character(c.uppercased())) else { return nil }
            return Character(c.uppercased())
        }
        if let c = lastCue(answerCue, in: text, valid: valid) { return c }
        if let c = lastCue(optionCue, in: text, valid: valid) { return c }
        if let c = ok(matches(bold, in: text).last.flatMap { $0[0] }?.first) { return c }
        if let m = matches(leading, in: text).first, let c = ok((m[0] ?? m[1])?.first) { return c }
        if let c = optionText(text, options: options) { return c }
        return lastStandalone(text, valid: valid)
    }

    /// A cue match counts when its letter is an option; a lower-case letter only when it is set off
    /// (`(c)`, `c.`, end of text), so that "the answer is a bit tricky" is not "A".
    static func lastCue(_ re: NSRegularExpression, in text: String, valid: Set<Character>) -> Character? {
        for m in matches(re, in: text).reversed() {
            guard let letter = m[1]?.first else { continue }
            let upper = Character(letter.uppercased())
            guard valid.contains(upper) else { continue }
            if letter.isLowercase {
                let opened = (m[0] ?? "").contains { "([*\"'".contains($0) }
                let closed = !(m[2] ?? "").isEmpty
                let atEnd = m.range.upperBound >= text.utf16.count
                    || text.utf16Suffix(from: m.range.upperBound).allSatisfy { $0 == " " || $0 == "\n" }
                guard opened || closed || atEnd else { continue }
            }
            return upper
        }
        return nil
    }

    /// The option whose text the reply is, or quotes; the longest quoted one when several are.
    static func optionText(_ text: String, options: [ChoiceOption]) -> Character? {
        let reply = normalize(text)
        guard !reply.isEmpty else { return nil }
        if let exact = options.first(where: { normalize($0.text) == reply }) { return exact.letter }
        let quoted = options
            .map { (letter: $0.letter, text: normalize($0.text)) }
            .filter { $0.text.count >= 4 && $0.text.contains(where: \.isLetter) && reply.contains($0.text) }
            .sorted { $0.text.count > $1.text.count }
        guard let best = quoted.first else { return nil }
        if quoted.count > 1, quoted[1].text.count == best.text.count { return nil }
        return best.letter
    }

    static func lastStandalone(_ text: String, valid: Set<Character>) -> Character? {
        let chars = Array(text)
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "'" || c == "’" || c == "-" || c == "_" }
        var i = chars.count - 1
        while i >= 0 {
            let c = chars[i]
            defer { i -= 1 }
            guard c.isASCII, c.isUppercase, valid.contains(c) else { continue }
            if i > 0, isWordChar(chars[i - 1]) { continue }
            if i + 1 < chars.count, isWordChar(chars[i + 1]) { continue }
            // "A lamp", "I think": an article or a pronoun, not a choice.
            if c == "A" || c == "I", i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isLowercase { continue }
            if c == "I", !(i > 0 && "([*".contains(chars[i - 1])) && !(i + 1 < chars.count && ".)*:".contains(chars[i + 1])) {
                continue
            }
            return c
        }
        return nil
    }

    static func normalize(_ s: String) -> String {
        let lowered = s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return lowered.trimmingCharacters(in: CharacterSet(charactersIn: " .!?;:,\"'`*"))
    }

    /// Capture groups of every match (group 1…n), `nil` for groups that did not take part.
    static func matches(_ re: NSRegularExpression, in text: String) -> [Match] {
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { r in
            var groups: [String?] = []
            for g in 1..<max(r.numberOfRanges, 1) {
                let range = r.range(at: g)
                groups.append(range.location == NSNotFound ? nil : ns.substring(with: range))
            }
            return Match(range: r.range.location..<(r.range.location + r.range.length), groups: groups)
        }
    }

    struct Match {
        var range: Range<Int>
        var groups: [String?]
        subscript(_ i: Int) -> String? { i < groups.count ? groups[i] : nil }
    }
}

extension String {
    /// The text after a UTF-16 offset (NSRegularExpression ranges are UTF-16).
    fileprivate func utf16Suffix(from offset: Int) -> String {
        let u = utf16
        guard offset <= u.count, let i = u.index(u.startIndex, offsetBy: offset, limitedBy: u.endIndex),
              let s = String.Index(i, within: self) else { return "" }
        return String(self[s...])
    }
}
