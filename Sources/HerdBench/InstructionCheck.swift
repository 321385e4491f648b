import Foundation

/// A verifiable instruction ("answer in exactly three words", "reply only with YES"): rules that a reply
/// either meets or not, written in a suite's `gold` as one line so that the data can be re-graded.
///
/// Grammar: rules joined by ` && `; each rule is `NAME` or `NAME:ARGUMENT`:
/// - `exact:TEXT`: the reply, trimmed of white space, is TEXT (case matters);
/// - `iexact:TEXT`: the same ignoring case and one trailing `.` or `!`;
/// - `words:N`: exactly N words (runs of letters or digits; `don't` is one);
/// - `maxwords:N`: at most N words (and at least one);
/// - `lines:N`: exactly N non-blank lines;
/// - `upper` / `lower`: has letters, all of them upper / lower case;
/// - `contains:TEXT` / `absent:TEXT`: TEXT occurs / does not occur, ignoring case;
/// - `starts:TEXT` / `ends:TEXT`: the trimmed reply starts / ends with TEXT (case matters);
/// - `json:KEY=VALUE`: the reply is one JSON object (a ```json fence is allowed) whose KEY equals VALUE,
///   compared as numbers when VALUE is one, else as text ignoring case.
public struct InstructionCheck: Sendable, Hashable {
    /// One rule of a check.
    public enum Rule: Sendable, Hashable {
        case exact(String)
        case exactIgnoringCase(String)
        case words(Int)
        case maxWords(Int)
        case lines(Int)
        case upper
        case lower
        case contains(String)
        case absent(String)
        case starts(String)
        case ends(String)
        case json(key: String, value: String)
    }

    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Why a check's text cannot be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `words:3 && lower`.
    public static func parse(_ spec: String) throws -> InstructionCheck {
        var rules: [Rule] = []
        for raw in spec.components(separatedBy: "&&") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { throw ParseError(description: "empty rule in check \"\(spec)\"") }
            let name: String, arg: String?
            if let colon = item.firstIndex(of: ":") {
                name = String(item[..<colon]).lowercased()
                arg = String(item[item.index(after: colon)...])
            } else {
                name = item.lowercased()
                arg = nil
            }
            func textArg() throws -> String {
                guard let arg, !arg.isEmpty else { throw ParseError(description: "rule \"\(name)\" needs text after the colon") }
                return arg
            }
            func countArg() throws -> Int {
                guard let arg, let n = Int(arg.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                    throw ParseError(description: "rule \"\(name)\" needs a whole number ≥ 1 after the colon")
                }
                return n
            }
            switch name {
            case "exact": rules.append(.exact(try textArg()))
            case "iexact": rules.append(.exactIgnoringCase(try textArg()))
            case "words": rules.append(.words(try countArg()))
            case "maxwords": rules.append(.maxWords(try countArg()))
            case "lines": rules.append(.lines(try countArg()))
            case "upper": rules.append(.upper)
            case "lower": rules.append(.lower)
            case "contains": rules.append(.contains(try textArg()))
            case "absent": rules.append(.absent(try textArg()))
            case "starts": rules.append(.starts(try textArg()))
            case "ends": rules.append(.ends(try textArg()))
            case "json":
                let t = try textArg()
                guard let eq = t.firstIndex(of: "="), eq != t.startIndex else {
                    throw ParseError(description: "rule \"json\" needs KEY=VALUE, got \"\(t)\"")
                }
                rules.append(.json(key: String(t[..<eq]), value: String(t[t.index(after: eq)...])))
            default:
                throw ParseError(description: "unknown rule \"\(name)\" (known: exact, iexact, words, maxwords, lines, upper, lower, contains, absent, starts, ends, json)")
            }
        }
        return InstructionCheck(rules: rules)
    }

    /// The first rule the reply breaks, as written in the check; `nil` when it meets them all.
    public func firstFailure(_ reply: String) -> Rule? {
        rules.first { !Self.meets($0, reply) }
    }

    /// `true` when the reply meets every rule.
    public func passes(_ reply: String) -> Bool { firstFailure(reply) == nil }

    static func meets(_ rule: Rule, _ reply: String) -> Bool {
        let trimmed = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        switch rule {
        case let .exact(t): return trimmed == t
        case let .exactIgnoringCase(t):
            var r = trimmed
            if let last = r.last, last == "." || last == "!" { r.removeLast() }
            return r.lowercased() == t.lowercased()
        case let .words(n): return words(trimmed) == n
        case let .maxWords(n): let w = words(trimmed); return w >= 1 && w <= n
        case let .lines(n):
            return trimmed.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count == n
        case .upper:
            let letters = trimmed.filter(\.isLetter)
            return !letters.isEmpty && letters.allSatisfy { !$0.isLowercase }
        case .lower:
            let letters = trimmed.filter(\.isLetter)
            return !letters.isEmpty && letters.allSatisfy { !$0.isUppercase }
        case let .contains(t): return trimmed.lowercased().contains(t.lowercased())
        case let .absent(t): return !trimmed.lowercased().contains(t.lowercased())
        case let .starts(t): return trimmed.hasPrefix(t)
        case let .ends(t): return trimmed.hasSuffix(t)
        case let .json(key, value): return jsonValue(trimmed, key: key).map { Self.same($0, value) } ?? false
        }
    }

    /// Words: maximal runs of letters, digits and inner apostrophes or hyphens.
    static func words(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for c in text {
            let part = c.isLetter || c.isNumber || (inWord && (c == "'" || c == "’" || c == "-"))
            if part && !inWord { count += 1 }
            inWord = part
        }
        return count
    }

    /// The value of `key` when the reply is exactly one JSON object (optionally in a code fence).
    static func jsonValue(_ reply: String, key: String) -> Any? {
        var body = reply
        if body.hasPrefix("```") {
            var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count >= 3, lines.last?.trimmingCharacters(in: .whitespaces) == "```" else { return nil }
            lines.removeFirst()
            lines.removeLast()
            body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard body.hasPrefix("{"), body.hasSuffix("}"),
              let obj = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return obj[key]
    }

    static func same(_ found: Any, _ want: String) -> Bool {
        if let w = Decimal(string: want, locale: Locale(identifier: "en_US_POSIX")), want.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
            if let n = found as? NSNumber, !(found is Bool) { return n.decimalValue == w }
            if let s = found as? String { return s.trimmingCharacters(in: .whitespaces) == want }
            return false
        }
        if let s = found as? String { return s.trimmingCharacters(in: .whitespaces).lowercased() == want.lowercased() }
        return false
    }
}

extension InstructionCheck.Rule: CustomStringConvertible {
    /// The rule as written in a check (`words:3`).
    public var description: String {
        switch self {
        case let .exact(t): return "exact:\(t)"
        case let .exactIgnoringCase(t): return "iexact:\(t)"
        case let .words(n): return "words:\(n)"
        case let .maxWords(n): return "maxwords:\(n)"
        case let .lines(n): return "lines:\(n)"
        case .upper: return "upper"
        case .lower: return "lower"
        case let .contains(t): return "contains:\(t)"
        case let .absent(t): return "absent:\(t)"
        case let .starts(t): return "starts:\(t)"
        case let .ends(t): return "ends:\(t)"
        case let .json(k, v): return "json:\(k)=\(v)"
        }
    }
}
