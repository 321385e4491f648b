import Foundation
import HerdCore
import HerdRouter

/// Personal calibration: asks the user's herd a question suite with capped, early-stopped answers, keeps
/// the graded answers as routing data (resumable: a re-run asks only what is missing), then trains the
/// router that Herd loads, so that it learns the user's own models.
///
/// `run` reports through a callback and stops cleanly when its task is cancelled (answers so far are kept,
/// no training); `events()` offers the same as an `AsyncThrowingStream`, for a background task in the TUI.
public struct Calibration: Sendable {
    /// Who answers, and their sizes where known (billions; others are asked of their server after the run).
    public var members: [BenchMember]
    public var sizes: [String: Double]
    public var questions: [BenchQuestion]
    /// The routing data written and resumed from (JSONL).
    public var dataPath: String
    /// The router file trained at the end (the one the TUI loads).
    public var routerPath: String
    public var options: BenchOptions
    /// Questions timed per member without earlier answers, to say the expected time before the run.
    public var warmupQuestions: Int
    public var trainerConfig: RouterTrainer.Config

    public init(members: [BenchMember], sizes: [String: Double] = [:], questions: [BenchQuestion], dataPath: String,
                routerPath: String, options: BenchOptions = Calibration.defaultOptions, warmupQuestions: Int = 4,
                trainerConfig: RouterTrainer.Config = RouterTrainer.Config()) {
        self.members = members
        self.sizes = sizes
        self.questions = questions
        self.dataPath = dataPath
        self.routerPath = routerPath
        self.options = options
        self.warmupQuestions = max(0, warmupQuestions)
        self.trainerConfig = trainerConfig
    }

    /// Capped and stopped answers, greedy decoding, the usual retries.
    public static let defaultOptions = BenchOptions(concurrencyPerServer: 2, retries: 2, backoffSeconds: 0.5, requestTimeout: 120,
                                                    maxTokens: 64, temperature: 0, addInstruction: true, retryErrors: true,
                                                    limits: AnswerLimits())

    /// How a run ended.
    public struct Result: Sendable {
        public var summary: BenchSummary
        /// `nil` when the run was stopped before training.
        public var routerPath: String?
        public var stopped: Bool { summary.stopped }
    }

    /// Runs the calibration: warm-up and estimate, every question, then training.
    /// - Throws: a `HerdError` for unreadable data, or when a member's size is unknown after the run (the
    ///   answers are kept; give the size and run again to train).
    public func run(events: @escaping @Sendable (CalibrationEvent) -> Void = { _ in }) async throws -> Result {
        let log = try BenchLog(path: dataPath)
        try await log.repairIfNeeded()

        let cold = await membersWithoutTimings(log)
        let warmup = Array(questions.prefix(warmupQuestions))
        if !cold.isEmpty, !warmup.isEmpty, !Task.isCancelled {
            events(.warmingUp(members: cold.map(\.name), questions: warmup.count))
            _ = try await BenchRunner(members: cold, options: options).run(warmup, log: log)
        }
        if !Task.isCancelled { events(.estimate(await estimate(log))) }

        let summary = try await BenchRunner(members: members, options: options)
            .run(questions, log: log, events: { events(.bench($0)) })
        events(.benchFinished(summary))
        if summary.stopped { return Result(summary: summary, routerPath: nil) }

        let routerMembers = try await sizedMembers()
        let examples = try RoutingDataset.load(path: dataPath)
        let start = ContinuousClock.now
        let model = try RouterTrainer.train(examples: examples, members: routerMembers, config: trainerConfig,
                                            log: { events(.training($0)) })
        let folder = (routerPath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try model.save(to: routerPath)
        events(.trained(routerPath: routerPath, rows: examples.count, models: model.knownModels,
                        seconds: BenchRunner.seconds(ContinuousClock.now - start)))
        return Result(summary: summary, routerPath: routerPath)
    }

    /// The run as a stream of events ending with its result; cancelling the consuming task stops the run.
    public func events() -> AsyncThrowingStream<CalibrationEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream<CalibrationEvent, Error>.makeStream()
        let task = Task {
            do {
                _ = try await run(events: { continuation.yield($0) })
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Members with no timed answer in the data for these questions.
    func membersWithoutTimings(_ log: BenchLog) async -> [BenchMember] {
        let records = await log.records
        let ids = questions.map(\.id)
        return members.filter { m in !ids.contains { records[$0]?.seconds[m.name] != nil } }
    }

    /// Per-member mean answer time over the answered questions, and what is left.
    func estimate(_ log: BenchLog) async -> CalibrationEstimate {
        let records = await log.records
        var rows: [CalibrationEstimate.Member] = []
        for m in members {
            var total = 0.0, measured = 0, remaining = 0
            for q in questions {
                if let r = records[q.id], r.isAnswered(by: m.name) {
                    if let s = r.seconds[m.name] { total += s; measured += 1 }
                } else {
                    remaining += 1
                }
            }
            rows.append(.init(name: m.name, secondsPerAnswer: measured == 0 ? nil : total / Double(measured),
                              remaining: remaining, measured: measured))
        }
        let serverOf = Dictionary(members.map { ($0.name, $0.serverKey) }, uniquingKeysWith: { a, _ in a })
        return CalibrationEstimate.make(members: rows, serverOf: serverOf, concurrency: options.concurrencyPerServer)
    }

    /// Every member with its size: given, else as its server reports it now (a llama-server reports a
    /// model's parameter count once the model is loaded, which the run has done).
    func sizedMembers() async throws -> [RouterMember] {
        var known = sizes
        var listed: [String: [ModelInfo]] = [:]
        for m in members where known[m.name] == nil {
            if listed[m.serverKey] == nil { listed[m.serverKey] = (try? await m.server.models()) ?? [] }
            if let s = listed[m.serverKey]?.first(where: { $0.id == m.modelID })?.sizeB, s > 0 { known[m.name] = s }
        }
        let missing = members.filter { known[$0.name] == nil }.map(\.name)
        guard missing.isEmpty else {
            throw HerdError.other("the answers are saved in \(dataPath), but the size of \(missing.joined(separator: ", ")) is unknown "
                + "(its server does not report it); give it with --sizes \(missing.map { "\($0):BILLIONS" }.joined(separator: ",")) "
                + "and run again to train")
        }
        return members.map { RouterMember(name: $0.name, sizeB: known[$0.name]!) }
    }
}
