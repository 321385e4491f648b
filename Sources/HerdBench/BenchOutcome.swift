/// How one question put to one member ended.
enum BenchOutcome: Sendable {
    case answer(text: String, seconds: Double)
    case failure(String)
    /// The run was stopped while asking; nothing is recorded, so a resumed run asks again.
    case cancelled
}
