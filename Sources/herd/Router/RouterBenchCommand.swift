import ArgumentParser
import Foundation
import HerdCore
import HerdRouter

/// `herd router bench`: decision latency for a 10-member herd, training time, router memory.
struct RouterBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure decision latency (p50/p99, sparse view), training time and the trained router's memory.")

    @Option(help: "Routing data (JSONL).") var data: String
    @Option(help: "A split file; training uses its train rows, decisions its test rows.") var split: String?
    @Option(help: "The herd, NAME:SIZE,… (10 members for the issue's figure).") var members: String
    @Option(help: "Decisions to time.") var decisions: Int = 2000

    func run() async throws {
        let memberList = try RouterMember.parseList(members)
        let trainRows = try RouterDataArguments.rows(data: data, split: split, on: "train")
        let testRows = try RouterDataArguments.rows(data: data, split: split, on: "test")
        guard !trainRows.isEmpty, !testRows.isEmpty else { throw HerdError.other("no rows to train or decide on") }
        let rssBefore = Self.residentBytes()
        let start = Date()
        let model = try RouterTrainer.train(examples: trainRows, members: memberList)
        let trainSeconds = Date().timeIntervalSince(start)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("herd-bench-\(getpid()).router").path
        try model.save(to: tmp)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: tmp)[.size] as? Int) ?? 0
        let loadStart = Date()
        let router = try Router.load(path: tmp)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let local = ServerEndpoint(baseURL: "http://127.0.0.1", name: "bench")
        let herd = memberList.map { Member(name: $0.name, endpoint: local, sizeB: $0.sizeB) }
        var micros: [Double] = [], cpuMicros: [Double] = []
        micros.reserveCapacity(decisions)
        cpuMicros.reserveCapacity(decisions)
        for i in 0..<decisions {
            let cpu0 = Self.threadCPUMicros()
            let d = router.decide(prompt: testRows[i % testRows.count].prompt, members: herd, lambda: 0.1)
            cpuMicros.append(Self.threadCPUMicros() - cpu0)
            micros.append(d.micros)
        }
        micros.sort()
        cpuMicros.sort()
        func pct(_ a: [Double], _ q: Double) -> Double { a[min(Int(Double(a.count) * q), a.count - 1)] }
        print("router bench: \(memberList.count) members, sparse view, \(trainRows.count) training rows")
        print(String(format: "decision latency: p50 %.0f µs, p99 %.0f µs, max %.0f µs (%d decisions, test prompts)",
                     pct(micros, 0.5), pct(micros, 0.99), micros.last ?? 0, micros.count))
        // Wall time includes being descheduled on a busy machine; the thread's CPU time is the decision's own work.
        print(String(format: "decision CPU time: p50 %.0f µs, p99 %.0f µs (load average %@)",
                     pct(cpuMicros, 0.5), pct(cpuMicros, 0.99), Self.loadAverage()))
        print(String(format: "training time: %.1f s (features, %d calibration folds, final fit)", trainSeconds, model.config.folds))
        print(String(format: "router memory: %.1f MB of arrays; file %.1f MB; load %.2f s; process RSS growth %.0f MB",
                     Double(model.arrayBytes) / 1e6, Double(fileBytes) / 1e6, loadSeconds,
                     Double(Self.residentBytes() - rssBefore) / 1e6))
    }

    /// CPU time of the calling thread, in microseconds.
    static func threadCPUMicros() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
    }

    /// The 1-minute load average from /proc (Linux); "?" elsewhere.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
    }

    /// Resident set size from /proc (Linux); 0 elsewhere.
    static func residentBytes() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let parts = s.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
