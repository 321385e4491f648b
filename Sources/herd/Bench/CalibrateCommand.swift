import ArgumentParser
import Foundation
import HerdBench
import HerdCore
import HerdSession

/// `herd calibrate`: asks the user's herd Herd's calibration suite, then trains the router Herd loads on the answers.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure your herd on Herd's calibration suite and train your router on the answers.",
        discussion: """
        Asks every member (or those of --members) the shipped calibration suite with short, capped answers \
        that stop as soon as the answer can be read, says the expected time after a short warm-up, shows \
        progress with an ETA, then trains the router Herd loads (the config's [router] model, else \
        router.json in the data folder). The graded answers are kept as routing data (--data); running the \
        same command again resumes, and Ctrl-C stops cleanly.

        The shipped suite: \(CalibrationSuite.sources.map { "\($0.area): \($0.origin) (\($0.licence))" }.joined(separator: "; ")).
        """)

    @OptionGroup var serverOptions: ServerOptions

    @Option(name: .customLong("members"), help: ArgumentHelp(
        "Members to ask, comma-separated (default: every member found); MODEL@URL asks a model on a given server.",
        valueName: "A,B,…"))
    var members: String?

    @Option(name: .customLong("limit"), help: "Use only the first N questions of the suite (its areas are interleaved, so any N is balanced).")
    var limit: Int?

    @Option(name: .customLong("suite"), help: ArgumentHelp("A suite file (JSONL) instead of the shipped one.", valueName: "FILE"))
    var suite: String?

    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The routing data written and resumed from (default: calibration.jsonl in the data folder).", valueName: "FILE"))
    var data: String?

    @Option(name: .customLong("router"), help: ArgumentHelp("Where to save the trained router (default: the one Herd loads).", valueName: "FILE"))
    var router: String?

    @Option(name: .customLong("sizes"), help: ArgumentHelp(
        "Parameter counts (billions) for members whose server does not report them.", valueName: "NAME:SIZE,…"))
    var sizes: String?

    @Option(name: .customLong("concurrency"), help: "Requests in flight at once per server.")
    var concurrency: Int = 2

    @Option(name: .customLong("request-timeout"), help: "Seconds allowed for one whole answer.")
    var requestTimeout: Double = 120

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive") }
    }

    func run() async throws {
        do {
            try await calibrate()
        } catch let e as HerdError {
            StandardError.write("herd calibrate: \(e.description)\n")
            throw ExitCode.failure
        }
    }

    private func calibrate() async throws {
        let settings = try Settings.load(streamTimeout: serverOptions.streamTimeout)
        let suitePath = try suite ?? CalibrationSuite.locate()
        var questions = try BenchSuite.load(path: suitePath).questions
        if let limit { questions = Array(questions.prefix(limit)) }
        let picked = try await BenchMembers.resolve(members, serverOptions: serverOptions)
        var known = try BenchMembers.givenSizes(sizes)
        for p in picked where known[p.bench.name] == nil { if let s = p.sizeB { known[p.bench.name] = s } }

        var options = Calibration.defaultOptions
        options.concurrencyPerServer = concurrency
        options.requestTimeout = requestTimeout
        let dataPath = data ?? settings.calibrationData
        let routerPath = router ?? settings.routerPath ?? settings.defaultRouterPath
        let dataFolder = (dataPath as NSString).deletingLastPathComponent
        if !dataFolder.isEmpty { try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true) }
        let calibration = Calibration(members: picked.map(\.bench), sizes: known, questions: questions, dataPath: dataPath,
                                      routerPath: routerPath, options: options)

        Self.say("calibrating \(picked.map(\.bench.name).joined(separator: ", ")) on \(questions.count) questions "
              + "(\(Self.areaCounts(questions))) from \(suitePath)")
        Self.say("answers → \(dataPath); router → \(routerPath)")
        let reporter = BenchProgressReporter()
        let task = Task {
            try await calibration.run { event in
                switch event {
                case let .warmingUp(names, n):
                    reporter.note("warming up: timing \(names.joined(separator: ", ")) on the first \(n) questions…")
                case let .estimate(e):
                    reporter.note(Self.describe(e))
                case let .bench(b):
                    reporter.handle(b)
                case .benchFinished:
                    reporter.finish()
                case let .training(line):
                    StandardError.write(line + "\n")
                case let .trained(path, rows, models, seconds):
                    Self.say(String(format: "trained the router on %d rows (%@) in %.1f s → %@", rows, models.joined(separator: ", "), seconds, path))
                }
            }
        }
        let interrupt = InterruptHandler {
            StandardError.write("\nstopping: keeping what was answered (Ctrl-C again to quit at once)…\n")
            task.cancel()
        }
        defer { interrupt.cancel() }
        let result: Calibration.Result
        do {
            result = try await task.value
        } catch {
            reporter.finish()
            throw error
        }
        Self.say(BenchCommand.report(result.summary, out: dataPath))
        Self.say(await Self.areaReport(questions: questions, dataPath: dataPath, members: picked.map(\.bench.name)))
        if result.stopped {
            StandardError.write("stopped; run the same command again to resume.\n")
            throw ExitCode(130)
        }
    }

    /// A line on stdout, written at once so that it keeps its place among the progress lines on stderr.
    static func say(_ text: String) { StandardOutput.write(text + "\n") }

    static func areaCounts(_ questions: [BenchQuestion]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for q in questions {
            let a = CalibrationSuite.area(of: q)
            if counts[a] == nil { order.append(a) }
            counts[a, default: 0] += 1
        }
        return order.map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
    }

    /// `expected: smollm2-135m 0.8 s/answer, gemma3-270m 1.9 s/answer; about 6:40 for 400 answers left`.
    static func describe(_ e: CalibrationEstimate) -> String {
        let left = e.members.map(\.remaining).reduce(0, +)
        if left == 0 { return "every question is answered already" }
        let each = e.members.filter { $0.remaining > 0 }.map { m in
            m.secondsPerAnswer.map { String(format: "%@ %.1f s/answer", m.name, $0) } ?? "\(m.name) not timed (no answer yet)"
        }
        let total = e.totalSeconds.map { "about \(BenchProgress.clock($0))" } ?? "time unknown"
        return "expected: \(each.joined(separator: ", ")); \(total) for \(left) answers left"
    }

    /// Accuracy per area and member, from the routing data.
    static func areaReport(questions: [BenchQuestion], dataPath: String, members: [String]) async -> String {
        guard let log = try? BenchLog(path: dataPath) else { return "" }
        let records = await log.records
        var areas: [String] = []
        var ids: [String: [String]] = [:]
        for q in questions {
            let a = CalibrationSuite.area(of: q)
            if ids[a] == nil { areas.append(a) }
            ids[a, default: []].append(q.id)
        }
        let w = max(6, members.map(\.count).max() ?? 0)
        var lines = ["accuracy by area:", "member".padding(toLength: w, withPad: " ", startingAt: 0)
                     + areas.map { "  " + $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()]
        for m in members {
            var line = m.padding(toLength: w, withPad: " ", startingAt: 0)
            for a in areas {
                let f = BenchSummary.figures(records: records, questionIDs: ids[a]!, members: [m])[0]
                let cell = f.accuracy.map { String(format: "%.2f (%d)", $0, f.answered) } ?? "—"
                line += "  " + cell.padding(toLength: 12, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
