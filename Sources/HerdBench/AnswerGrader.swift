/// Grades a free-text answer against a question's gold.
public enum AnswerGrader {
    /// What the grader read from an answer and whether it equals the gold.
    public struct Grade: Sendable, Hashable {
        public var correct: Bool
        /// The letter or number read from the answer; `nil` when none was found (graded wrong). For an
        /// instruction check: `ok`, or the first rule the answer broke.
        public var extracted: String?
    }

    public static func grade(_ question: BenchQuestion, answer: String) -> Grade {
        switch question.kind {
        case let .multipleChoice(options):
            guard let letter = LetterExtractor.extract(answer, options: options) else {
                return Grade(correct: false, extracted: nil)
            }
            return Grade(correct: String(letter) == question.gold.uppercased(), extracted: String(letter))
        case .numeric:
            guard let n = NumberExtractor.extract(answer) else { return Grade(correct: false, extracted: nil) }
            let gold = NumberExtractor.parseNumber(question.gold)
            return Grade(correct: gold == n, extracted: "\(n)")
        case let .check(check):
            guard let broken = check.firstFailure(answer) else { return Grade(correct: true, extracted: "ok") }
            return Grade(correct: false, extracted: "broke \(broken)")
        }
    }
}
