import Foundation
import HerdCore

/// A suite of questions read from a JSONL file, one question per line.
///
/// Accepted fields per line (the first name found wins):
/// - prompt: `prompt` or `question`; an `options` array is appended as `A. …` lines;
/// - gold: `gold`, or `answer` (GSM8K's `… #### 42` keeps the part after `####`);
/// - id: `id` or `question_id`; without one, `FILE:LINE`;
/// - source: `source`, `category`, else the file's name;
/// - kind: `kind` or `type` (`mc`, `multiple_choice`, `numeric`, `check`: the gold is an `InstructionCheck`); without it, a single letter gold with
///   lettered options is multiple choice and a numeric gold is numeric.
public struct BenchSuite: Sendable {
    public var questions: [BenchQuestion]

    public init(questions: [BenchQuestion]) {
        self.questions = questions
    }

    /// Reads a suite file; errors name the file and line.
    public static func load(path: String) throws -> BenchSuite {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot read the suite file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HerdError.badInput(file: path, line: nil, cause: "the suite file is not UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses suite text; `file` names the source in errors and default ids.
    public static func parse(_ text: String, file: String) throws -> BenchSuite {
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var questions: [BenchQuestion] = []
        var lineOfID: [String: Int] = [:]
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let q = try question(from: line, file: file, line: lineNo, base: base)
            if let first = lineOfID[q.id] {
                throw HerdError.badInput(file: file, line: lineNo, cause: "duplicate id \"\(q.id)\" (first on line \(first))")
            }
            lineOfID[q.id] = lineNo
            questions.append(q)
        }
        if questions.isEmpty {
            throw HerdError.badInput(file: file, line: nil, cause: "the suite has no questions")
        }
        return BenchSuite(questions: questions)
    }

    static func question(from line: String, file: String, line lineNo: Int, base: String) throws -> BenchQuestion {
        func bad(_ cause: String) -> HerdError { .badInput(file: file, line: lineNo, cause: cause) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        } catch {
            throw bad("not valid JSON: \((error as NSError).localizedDescription)")
        }
        guard let obj = object as? [String: Any] else { throw bad("expected a JSON object") }

        guard var prompt = (obj["prompt"] ?? obj["question"]) as? String,
              !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw bad("missing \"prompt\" (or \"question\") text")
        }
        var options = ChoiceOption.parse(prompt: prompt)
        if let list = obj["options"] {
            guard let texts = list as? [Any], !texts.isEmpty, texts.count <= 26 else {
                throw bad("\"options\" must be an array of 1 to 26 items")
            }
            options = texts.enumerated().map { i, t in
                ChoiceOption(letter: Character(UnicodeScalar(UInt8(ascii: "A") + UInt8(i))), text: "\(t)")
            }
            prompt += "\n" + options.map { "\($0.letter). \($0.text)" }.joined(separator: "\n")
        }

        let goldValue = obj["gold"] ?? obj["answer"]
        var gold: String
        switch goldValue {
        case let s as String: gold = s
        case let n as NSNumber: gold = n.stringValue
        default: throw bad("missing \"gold\" (or \"answer\"): a letter or a number")
        }
        if let r = gold.range(of: "####", options: .backwards) { gold = String(gold[r.upperBound...]) }
        gold = gold.trimmingCharacters(in: .whitespacesAndNewlines)
        if gold.isEmpty { throw bad("empty gold answer") }

        let id: String
        switch obj["id"] ?? obj["question_id"] {
        case let s as String where !s.isEmpty: id = s
        case let n as NSNumber: id = n.stringValue
        case nil: id = "\(base):\(lineNo)"
        default: throw bad("\"id\" must be a non-empty string or a number")
        }
        let source = ((obj["source"] ?? obj["category"]) as? String) ?? base

        let declared = ((obj["kind"] ?? obj["type"]) as? String)?.lowercased()
        if declared == "check" || declared == "instruction" {
            do {
                return BenchQuestion(id: id, prompt: prompt, source: source, gold: gold, kind: .check(try InstructionCheck.parse(gold)))
            } catch let e as InstructionCheck.ParseError {
                throw bad(e.description)
            }
        }
        let letterGold = gold.count == 1 && gold.first!.isASCII && gold.first!.isLetter
        let numericGold = NumberExtractor.parseNumber(gold)
        let isMC: Bool
        switch declared {
        case "mc", "multiple_choice", "multiple-choice", "choice": isMC = true
        case "numeric", "number", "gsm8k": isMC = false
        case nil:
            if letterGold && !options.isEmpty { isMC = true }
            else if numericGold != nil { isMC = false }
            else if letterGold { throw bad("gold \"\(gold)\" is a letter but the prompt has no lettered options (A. …, B. …)") }
            else { throw bad("gold \"\(gold)\" is neither an option letter nor a number; set \"kind\"") }
        case let other?: throw bad("unknown kind \"\(other)\" (use \"mc\", \"numeric\" or \"check\")")
        }
        if isMC {
            guard letterGold else { throw bad("multiple-choice gold must be one letter, got \"\(gold)\"") }
            gold = gold.uppercased()
            guard !options.isEmpty else { throw bad("multiple-choice prompt has no lettered options (A. …, B. …)") }
            guard options.contains(where: { String($0.letter) == gold }) else {
                let range = "\(options.first!.letter)–\(options.last!.letter)"
                throw bad("gold letter \(gold) is not among the options \(range)")
            }
            return BenchQuestion(id: id, prompt: prompt, source: source, gold: gold, kind: .multipleChoice(options: options))
        }
        guard numericGold != nil else { throw bad("numeric gold \"\(gold)\" is not a number") }
        return BenchQuestion(id: id, prompt: prompt, source: source, gold: gold, kind: .numeric)
    }
}
