import Foundation

/// Finds the numeric answer in free text, GSM8K style: the number after the last `####` when there is
/// one, else the last number of the text. Understands `1,000`, `$1,000`, `-3`, `−3`, `2.50`, `75%`;
/// digits glued to a letter (`F16`, `CO2`, `km2`) are not numbers.
public enum NumberExtractor {
    /// The answer's number, or `nil` when the text holds none.
    public static func extract(_ text: String) -> Decimal? {
        if let r = text.range(of: "####", options: .backwards) {
            if let first = numbers(in: String(text[r.upperBound...])).first { return first }
        }
        return numbers(in: text).last
    }

    /// Parses a gold answer such as `42`, `1,000`, `$3.50` or `-7`: the text's only number.
    public static func parseNumber(_ text: String) -> Decimal? {
        let found = numbers(in: text)
        guard found.count == 1 else { return nil }
        return found[0]
    }

    /// `true` when the answer's number equals the gold number.
    public static func matches(answer: String, gold: String) -> Bool {
        guard let g = parseNumber(gold), let a = extract(answer) else { return false }
        return a == g
    }

    /// Every number in the text, in order.
    public static func numbers(in text: String) -> [Decimal] {
        let chars = Array(text)
        var out: [Decimal] = []
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else { i += 1; continue }
            // Glued to a word or to a previous number's tail (`F16`, `v1.2`): not an answer number.
            if i > 0, chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1] == "." {
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                continue
            }
            var negative = false
            var j = i - 1
            if j >= 0, chars[j] == "$" || chars[j] == "€" || chars[j] == "£" { j -= 1 }
            if j >= 0, chars[j] == "-" || chars[j] == "−" {
                // `tiny-3` or `5-3` is a hyphen, not a sign.
                if j == 0 || !(chars[j - 1].isLetter || chars[j - 1].isNumber) { negative = true }
            }
            var digits = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber {
                digits.append(chars[i]); i += 1
                // A thousands separator is a comma followed by exactly three digits.
                if i < chars.count, chars[i] == ",", isThousandsGroup(chars, after: i) { i += 1 }
            }
            if i + 1 < chars.count, chars[i] == ".", chars[i + 1].isASCII, chars[i + 1].isNumber {
                digits.append("."); i += 1
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            }
            if let d = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) {
                out.append(negative ? -d : d)
            }
        }
        return out
    }

    /// `true` when exactly three digits follow the comma at `comma`.
    static func isThousandsGroup(_ chars: [Character], after comma: Int) -> Bool {
        let digitsAfter = (1...3).allSatisfy { comma + $0 < chars.count && chars[comma + $0].isASCII && chars[comma + $0].isNumber }
        let fourth = comma + 4
        return digitsAfter && !(fourth < chars.count && chars[fourth].isASCII && chars[fourth].isNumber)
    }
}
