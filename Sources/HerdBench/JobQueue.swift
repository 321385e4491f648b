/// The jobs of one server, handed out in order to that server's workers.
actor JobQueue {
    private var jobs: [BenchJob]
    private var next = 0

    init(_ jobs: [BenchJob]) { self.jobs = jobs }

    func take() -> BenchJob? {
        guard next < jobs.count else { return nil }
        defer { next += 1 }
        return jobs[next]
    }
}
