import Foundation

/// How long an answer may run and when it is known, per question kind, so that a model that rambles
/// (a base model echoing the prompt up to the token limit) costs a few tokens instead of hundreds.
///
/// Three brakes, each cheaper than the one before: `maxTokens(for:)` caps the reply, `stop` ends it at
/// an end-of-turn marker written as text, and `isComplete(_:for:)` tells the reader to close the
/// stream as soon as the answer can be read:
/// - multiple choice: an option letter can be read from the text up to the last finished line or
///   sentence (so `B. Paris` stops at `B.` followed by a space or line break, not at `B` alone);
/// - numeric: a line has ended after a number, or `#### N` has been written;
/// - instruction check: a blank line follows some text (these replies are one paragraph).
/// The grade is then that of the text read so far: a model that would have changed its mind later
/// is graded on its first answer, the price of minutes instead of an hour.
public struct AnswerLimits: Sendable, Hashable {
    public var multipleChoiceTokens: Int
    public var numericTokens: Int
    public var checkTokens: Int
    /// End-of-turn markers a model may write as plain text when the server's chat template is not its own
    /// (Gemma under ChatML writes `<|im_end|>`), and the start of a new turn.
    public var stop: [String]

    public init(multipleChoiceTokens: Int = 32, numericTokens: Int = 64, checkTokens: Int = 48,
                stop: [String] = ["<|im_end|>", "<|im_start|>", "<end_of_turn>", "</s>"]) {
        self.multipleChoiceTokens = multipleChoiceTokens
        self.numericTokens = numericTokens
        self.checkTokens = checkTokens
        self.stop = stop
    }

    /// The token cap for a question of this kind.
    public func maxTokens(for kind: BenchQuestion.Kind) -> Int {
        switch kind {
        case .multipleChoice: return multipleChoiceTokens
        case .numeric: return numericTokens
        case .check: return checkTokens
        }
    }

    /// `true` when `text`, the reply so far, already holds its gradable answer.
    public func isComplete(_ text: String, for kind: BenchQuestion.Kind) -> Bool {
        knownAnswer(text, for: kind) != nil
    }

    /// The part of `text`, the reply so far, that holds its answer (up to the finished line, sentence or
    /// paragraph), or `nil` while the answer is not known yet. What follows it is a piece of a reply the
    /// reader stopped, so it is neither graded nor kept.
    public func knownAnswer(_ text: String, for kind: BenchQuestion.Kind) -> String? {
        switch kind {
        case let .multipleChoice(options):
            guard let end = Self.lastBoundary(in: text, sentences: true) else { return nil }
            let known = String(text[..<end])
            return LetterExtractor.extract(known, options: options) != nil ? known : nil
        case .numeric:
            guard let end = Self.lastBoundary(in: text, sentences: false) else { return nil }
            let known = String(text[..<end])
            if let r = known.range(of: "####", options: .backwards) {
                return NumberExtractor.numbers(in: String(known[r.upperBound...])).isEmpty ? nil : known
            }
            return NumberExtractor.extract(known) != nil ? known : nil
        case .check:
            let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
            let body = text[start...]
            guard let blank = body.range(of: "\n\n") ?? body.range(of: "\n \n") else { return nil }
            return String(text[..<blank.lowerBound])
        }
    }

    /// The end of the last finished line (a line break) or, with `sentences`, sentence (`.`, `!` or `?`
    /// followed by white space); `nil` when none has finished.
    static func lastBoundary(in text: String, sentences: Bool) -> String.Index? {
        var i = text.endIndex
        while i > text.startIndex {
            let prev = text.index(before: i)
            let c = text[prev]
            if c == "\n" { return prev }
            if sentences, c.isWhitespace, prev > text.startIndex {
                let before = text[text.index(before: prev)]
                if before == "." || before == "!" || before == "?" { return prev }
            }
            i = prev
        }
        return nil
    }
}
