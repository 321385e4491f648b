/// How one question put to one member ended.
enum BenchOutcome: Sendable {
    /// `finish`: why the reply ended (`early` when Herd closed it, else the server's reason such as `stop` or `length`).
    case answer(text: String, seconds: Double, finish: String?)
    case failure(String)
    /// The run was stopped while asking; nothing is recorded, so a resumed run asks again.
    case cancelled
}
