/// What a bench run reports as it goes, for progress display.
public enum BenchEvent: Sendable, Hashable {
    /// Before the first request: the member has `total` questions, `alreadyDone` of them answered in an
    /// earlier run (`alreadyCorrect` of those right).
    case planned(member: String, total: Int, alreadyDone: Int, alreadyCorrect: Int)
    /// A graded answer.
    case answered(member: String, questionID: String, correct: Bool, seconds: Double)
    /// A request failed and will be tried again after `delay` seconds.
    case retrying(member: String, questionID: String, attempt: Int, delay: Double, error: String)
    /// A request failed for good; recorded as an error.
    case failed(member: String, questionID: String, error: String)
}
