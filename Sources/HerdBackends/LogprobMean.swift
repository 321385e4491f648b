/// The mean of a reply's token log-probabilities as the stream gives them (the cascade's
/// `StreamSummary.meanLogprob`); a missing or non-finite value is left out.
struct LogprobMean: Sendable {
    private var sum = 0.0
    private var count = 0

    mutating func add(_ logprob: Double?) {
        guard let logprob, logprob.isFinite else { return }
        sum += logprob
        count += 1
    }

    /// `nil` until a value was added (the server sent none).
    var mean: Double? { count > 0 ? sum / Double(count) : nil }
}
