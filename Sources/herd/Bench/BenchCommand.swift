import ArgumentParser
import Foundation
import HerdSession
import HerdBackends
import HerdBench
import HerdConfig
import HerdCore
import HerdRouter

/// `herd bench`: asks every member every question of a suite, grades the answers and writes routing data.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the herd's members on a question suite and write routing data (who answered right, how fast).",
        discussion: """
        Suites are JSONL: multiple choice ({"id","prompt" with lettered options,"gold":"C"}, the format of \
        mmlu_pro_29models.jsonl) or numeric ({"id","prompt","gold":"42"}, GSM8K style; "question"/"answer" \
        with "#### 42" works too). Each output line is {"id","prompt","source","gold","scores","answers",\
        "seconds","errors"}. Re-running the same command resumes: answered pairs are never asked again. \
        Ctrl-C stops cleanly.
        """)

    @OptionGroup var serverOptions: ServerOptions

    @Option(name: .customLong("suite"), help: ArgumentHelp("The question suite (JSONL).", valueName: "FILE"))
    var suite: String

    @Option(name: .customLong("out"), help: ArgumentHelp("The routing data to write, and to resume from (JSONL).", valueName: "FILE"))
    var out: String

    @Option(name: .customLong("members"), help: ArgumentHelp(
        "Members to ask, comma-separated (default: every member found); MODEL@URL asks a model on a given server.",
        valueName: "A,B,…"))
    var members: String?

    @Option(name: .customLong("limit"), help: "Use only the first N questions of the suite.")
    var limit: Int?

    @Option(name: .customLong("concurrency"), help: "Requests in flight at once per server.")
    var concurrency: Int = 2

    @Option(name: .customLong("retries"), help: "Further attempts after a failed request before it is recorded as an error.")
    var retries: Int = 2

    @Option(name: .customLong("max-tokens"), help: "Longest answer, in tokens.")
    var maxTokens: Int = 512

    @Option(name: .customLong("request-timeout"), help: "Seconds allowed for one whole answer.")
    var requestTimeout: Double = 300

    @Flag(name: .customLong("no-instruction"), help: "Send prompts as they are, without \"Answer with the letter of the correct option.\"")
    var noInstruction = false

    @Flag(name: .customLong("keep-errors"), help: "On resume, do not ask again the pairs that ended in an error.")
    var keepErrors = false

    @Flag(name: .customLong("train"), help: "After a complete run, train a router on the output (as `herd router train --data OUT`).")
    var train = false

    @Option(name: .customLong("router"), help: ArgumentHelp(
        "Where --train saves the router (default: router.json in the data folder, the one herd uses).", valueName: "FILE"))
    var router: String?

    @Option(name: .customLong("sizes"), help: ArgumentHelp(
        "Parameter counts (billions) for --train, where the server does not report them.", valueName: "NAME:SIZE,…"))
    var sizes: String?

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive") }
    }

    func run() async throws {
        do {
            try await bench()
        } catch let e as HerdError {
            StandardError.write("herd bench: \(e.description)\n")
            throw ExitCode.failure
        }
    }

    private func bench() async throws {
        var questions = try BenchSuite.load(path: suite).questions
        if let limit { questions = Array(questions.prefix(limit)) }
        let picked = try await BenchMembers.resolve(members, serverOptions: serverOptions)
        let log = try BenchLog(path: out)
        let options = BenchOptions(concurrencyPerServer: concurrency, retries: retries, backoffSeconds: 0.5,
                                   requestTimeout: requestTimeout, maxTokens: maxTokens, temperature: 0,
                                   addInstruction: !noInstruction, retryErrors: !keepErrors)
        let runner = BenchRunner(members: picked.map(\.bench), options: options)
        let trainSizes = train ? try BenchMembers.sizesForTraining(picked, sizes: sizes) : nil

        let reporter = BenchProgressReporter()
        let task = Task { try await runner.run(questions, log: log, events: reporter.handle) }
        let interrupt = InterruptHandler {
            StandardError.write("\nstopping: writing what was answered (Ctrl-C again to quit at once)…\n")
            task.cancel()
        }
        let summary: BenchSummary
        do {
            summary = try await task.value
        } catch {
            reporter.finish()
            interrupt.cancel()
            throw error
        }
        reporter.finish()
        interrupt.cancel()
        print(Self.report(summary, out: out))
        if let line = Self.replicaReport(picked) { print(line) }
        if summary.stopped {
            StandardError.write("stopped; run the same command again to resume.\n")
            throw ExitCode(130)
        }
        if let trainSizes { try trainRouter(at: router ?? HerdPaths().defaultRouterFile, members: trainSizes) }
    }

    /// "requests per replica: a 12, b 11 (1 failed)" for members with several replicas; `nil` when none has.
    static func replicaReport(_ picked: [BenchMembers.Picked]) -> String? {
        var parts: [String] = []
        for p in picked {
            guard let fleet = p.fleet, let member = (p.bench.server as? ReplicatedServer)?.member, member.replicas.count > 1 else { continue }
            let health = fleet.snapshot
            let counts = member.replicas.map { e -> String in
                let h = health[e.baseURL]
                return "\(e.name) \(h.requests)" + (h.failures > 0 ? " (\(h.failures) failed)" : "")
            }
            parts.append("\(member.name): " + counts.joined(separator: ", "))
        }
        return parts.isEmpty ? nil : "requests per replica: " + parts.joined(separator: "; ")
    }

    private func trainRouter(at path: String, members: [RouterMember]) throws {
        let examples = try RoutingDataset.load(path: out)
        let start = Date()
        let model = try RouterTrainer.train(examples: examples, members: members) { line in
            StandardError.write(line + "\n")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try model.save(to: path)
        print(String(format: "trained a router on %d rows of %@ (%@) in %.1f s → %@", examples.count, out,
                     model.knownModels.joined(separator: ", "), Date().timeIntervalSince(start), path))
    }

    static func report(_ s: BenchSummary, out: String) -> String {
        var lines: [String] = []
        let w = max(6, s.members.map(\.member.count).max() ?? 0)
        func pad(_ x: String, _ n: Int, left: Bool = true) -> String {
            let f = String(repeating: " ", count: max(0, n - x.count)); return left ? f + x : x + f
        }
        lines.append(pad("member", w, left: false) + "  right  answered  accuracy  errors  mean s")
        for m in s.members {
            let acc = m.accuracy.map { String(format: "%.3f", $0) } ?? "—"
            let secs = m.meanSeconds.map { String(format: "%.3f", $0) } ?? "—"
            lines.append(pad(m.member, w, left: false) + pad("\(m.correct)", 7) + pad("\(m.answered)", 10)
                         + pad(acc, 10) + pad("\(m.errors)", 8) + pad(secs, 8))
        }
        lines.append("\(out): \(s.questions) questions; \(s.askedThisRun) asked now, \(s.skipped) answered before; "
                     + String(format: "%.1f s", s.wallSeconds) + (s.stopped ? " (stopped)" : ""))
        return lines.joined(separator: "\n")
    }
}
