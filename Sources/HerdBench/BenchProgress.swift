/// Per-member progress of a bench run, fed with `BenchEvent`s and times; renders bar lines. Pure: the
/// caller passes the clock, so tests can script it.
public struct BenchProgress: Sendable, Hashable {
    /// One member's counters.
    public struct Row: Sendable, Hashable {
        public var member: String
        public var total: Int
        /// Answered before this run (resume).
        public var alreadyDone: Int
        /// Answered or failed in this run.
        public var doneThisRun = 0
        /// Right answers, earlier runs included.
        public var correct = 0
        public var errors = 0
        public var retries = 0
        /// Seconds spent on this run's answers, summed.
        public var answerSeconds = 0.0
        /// When this run started for the member.
        public var startedAt: Double
        /// When the member's last answer or failure came.
        public var lastAt: Double?

        public var done: Int { alreadyDone + doneThisRun }
        public var remaining: Int { max(0, total - done) }
    }

    public private(set) var rows: [Row] = []

    public init() {}

    public mutating func apply(_ event: BenchEvent, at time: Double) {
        switch event {
        case let .planned(member, total, alreadyDone, alreadyCorrect):
            var row = Row(member: member, total: total, alreadyDone: alreadyDone, startedAt: time)
            row.correct = alreadyCorrect
            if let i = index(of: member) { rows[i] = row } else { rows.append(row) }
        case let .answered(member, _, correct, seconds):
            guard let i = index(of: member) else { return }
            rows[i].doneThisRun += 1
            rows[i].lastAt = time
            rows[i].answerSeconds += seconds
            if correct { rows[i].correct += 1 }
        case let .retrying(member, _, _, _, _):
            guard let i = index(of: member) else { return }
            rows[i].retries += 1
        case let .failed(member, _, _):
            guard let i = index(of: member) else { return }
            rows[i].doneThisRun += 1
            rows[i].lastAt = time
            rows[i].errors += 1
        }
    }

    public func row(_ member: String) -> Row? { index(of: member).map { rows[$0] } }

    /// Questions per second in this run; `nil` before the first one. A finished member's rate stays as it
    /// was at its last answer.
    public static func rate(_ row: Row, now: Double) -> Double? {
        let end = row.remaining == 0 ? (row.lastAt ?? now) : now
        let elapsed = end - row.startedAt
        guard row.doneThisRun > 0, elapsed > 0 else { return nil }
        return Double(row.doneThisRun) / elapsed
    }

    /// Seconds left at the current rate; `nil` when unknown, 0 when done.
    public static func eta(_ row: Row, now: Double) -> Double? {
        if row.remaining == 0 { return 0 }
        guard let r = rate(row, now: now), r > 0 else { return nil }
        return Double(row.remaining) / r
    }

    /// `tiny-a   [████████░░░░░░░░░░░░]  20/50  40%  right 12  err 0  3.4/s  ETA 0:09`
    public func barLine(_ row: Row, now: Double, nameWidth: Int, barWidth: Int = 20) -> String {
        let fraction = row.total == 0 ? 1 : Double(row.done) / Double(row.total)
        let filled = min(barWidth, Int((fraction * Double(barWidth)).rounded(.down)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        return "\(Self.pad(row.member, nameWidth)) [\(bar)] " + figures(row, now: now)
    }

    /// `tiny-a 20/50 (40%) right 12 err 0 3.4/s ETA 0:09`, for logs and pipes.
    public func plainLine(_ row: Row, now: Double) -> String {
        "\(row.member) " + figures(row, now: now)
    }

    func figures(_ row: Row, now: Double) -> String {
        let pct = row.total == 0 ? 100 : row.done * 100 / row.total
        let width = String(row.total).count
        var s = "\(Self.pad(String(row.done), width, left: true))/\(row.total) \(Self.pad("\(pct)%", 4, left: true))"
        s += "  right \(row.correct)  err \(row.errors)"
        if row.retries > 0 { s += "  retries \(row.retries)" }
        if let r = Self.rate(row, now: now) { s += "  " + Self.formatRate(r) } else { s += "  –/s" }
        if row.remaining == 0 { s += "  done" } else if let e = Self.eta(row, now: now) { s += "  ETA " + Self.clock(e) } else { s += "  ETA –" }
        return s
    }

    static func formatRate(_ r: Double) -> String {
        if r >= 10 { return "\(Int(r.rounded()))/s" }
        if r >= 0.1 { return "\((r * 10).rounded() / 10)/s" }
        return "\((60 * r * 10).rounded() / 10)/min"
    }

    /// `0:09`, `12:30`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let h = s / 3600, m = (s % 3600) / 60, sec = s % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 { return "\(h):\(m < 10 ? "0\(m)" : "\(m)"):\(ss)" }
        return "\(m):\(ss)"
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return left ? fill + s : s + fill
    }

    private func index(of member: String) -> Int? { rows.firstIndex { $0.member == member } }
}
