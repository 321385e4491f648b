/// One question for one member (indices into the run's question and member lists).
struct BenchJob: Sendable, Hashable {
    var question: Int
    var member: Int
}
