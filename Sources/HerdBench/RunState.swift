/// The records of the questions a run still works on; writes a question's line once all its members are done.
actor RunState {
    private let log: BenchLog
    private var records: [String: BenchRecord]
    private var remaining: [String: Int]
    /// Questions with results not yet on disk.
    private var unwritten = Set<String>()
    private(set) var completed = 0

    init(log: BenchLog, records: [String: BenchRecord], remaining: [String: Int]) {
        self.log = log
        self.records = records
        self.remaining = remaining
    }

    func record(_ question: BenchQuestion, member: String, outcome: BenchOutcome) async throws {
        switch outcome {
        case let .answer(text, seconds, finish):
            let grade = AnswerGrader.grade(question, answer: text)
            records[question.id, default: BenchRecord(question: question)]
                .setAnswer(member: member, text: text, correct: grade.correct, seconds: seconds, finish: finish)
        case let .failure(message):
            records[question.id, default: BenchRecord(question: question)].setError(member: member, message: message)
        case .cancelled:
            return
        }
        completed += 1
        unwritten.insert(question.id)
        remaining[question.id, default: 1] -= 1
        if remaining[question.id]! <= 0, let r = records[question.id] {
            try await log.append(r)
            unwritten.remove(question.id)
        }
    }

    /// Writes the lines of questions that have some new results but not all (on stop).
    func flushPartial(order: [String]) async throws {
        for id in order where unwritten.contains(id) {
            if let r = records[id] { try await log.append(r) }
            unwritten.remove(id)
        }
    }
}
