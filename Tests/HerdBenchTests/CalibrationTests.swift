import Foundation
import HerdCore
import HerdRouter
import Testing
@testable import HerdBench

/// The calibration run as a library: warm-up and estimate, resume, cancellation, training; and the shipped suite.
struct CalibrationTests {
    /// Collects calibration events from any thread.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var _all: [CalibrationEvent] = []
        var all: [CalibrationEvent] { lock.withLock { _all } }
        func add(_ e: CalibrationEvent) { lock.withLock { _all.append(e) } }
    }

    /// Eight questions of two kinds; "good" answers right, "bad" wrong.
    static let questions: [BenchQuestion] = {
        var lines: [String] = []
        for i in 1...4 {
            lines.append(#"{"id":"m\#(i)","prompt":"Pick \#(i)\nA. yes\nB. no","gold":"A","source":"knowledge/x"}"#)
            lines.append(#"{"id":"i\#(i)","prompt":"Say YES \#(i)","gold":"exact:YES","kind":"check","source":"instructions/x"}"#)
        }
        return try! BenchSuite.parse(lines.joined(separator: "\n"), file: "cal.jsonl").questions
    }()

    static func server(delay: Double = 0) -> FakeServer {
        FakeServer(delay: delay) { req, _ in
            let good = req.model == "good"
            if req.messages.last!.content.hasPrefix("Pick") { return .text(good ? "A. yes\n" : "B. no\n") }
            return .text(good ? "YES" : "no")
        }
    }

    func calibration(_ server: FakeServer, dir: String, questions: [BenchQuestion] = CalibrationTests.questions,
                     sizes: [String: Double] = ["good": 1, "bad": 0.5]) -> Calibration {
        var options = Calibration.defaultOptions
        options.backoffSeconds = 0.01
        var config = RouterTrainer.Config()
        config.folds = 2
        return Calibration(members: [BenchMember(name: "good", server: server), BenchMember(name: "bad", server: server)],
                           sizes: sizes, questions: questions, dataPath: dir + "/calibration.jsonl",
                           routerPath: dir + "/data/router.json", options: options, warmupQuestions: 2, trainerConfig: config)
    }

    @Test func warmsUpEstimatesRunsAndTrains() async throws {
        let dir = try TempDir.make()
        let server = Self.server()
        let events = Events()
        let result = try await calibration(server, dir: dir).run(events: events.add)

        #expect(result.routerPath == dir + "/data/router.json")
        #expect(!result.stopped)
        #expect(result.summary.members.map(\.correct) == [8, 0])
        let all = events.all
        #expect(all.first == .warmingUp(members: ["good", "bad"], questions: 2))
        guard case let .estimate(e)? = all.dropFirst().first else { Issue.record("no estimate after the warm-up: \(all)"); return }
        #expect(e.members.map(\.remaining) == [6, 6], "the warm-up answers count")
        #expect(e.members.map(\.measured) == [2, 2])
        #expect(e.totalSeconds != nil)
        #expect(all.contains { if case .benchFinished = $0 { true } else { false } })
        guard case let .trained(path, rows, models, _)? = all.last else { Issue.record("not trained last"); return }
        #expect(path == dir + "/data/router.json" && rows == 8 && models == ["bad", "good"])

        let router = try Router.load(path: dir + "/data/router.json")
        #expect(router.model?.members.map(\.name).sorted() == ["bad", "good"])
        let lines = try String(contentsOfFile: dir + "/calibration.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 8)
        #expect(server.asked.count == 16, "every pair asked once, the warm-up's included")
    }

    @Test func aResumedRunAsksOnlyWhatIsMissingAndSkipsTheWarmUp() async throws {
        let dir = try TempDir.make()
        let first = Self.server()
        _ = try await calibration(first, dir: dir, questions: Array(Self.questions.prefix(4))).run()
        #expect(first.asked.count == 8)

        let second = Self.server()
        let events = Events()
        _ = try await calibration(second, dir: dir).run(events: events.add)
        #expect(second.asked.count == 8, "only the 4 new questions, for both members")
        #expect(!events.all.contains { if case .warmingUp = $0 { true } else { false } }, "earlier timings are used")
        guard case let .estimate(e)? = events.all.first else { Issue.record("no estimate first"); return }
        #expect(e.members.map(\.remaining) == [4, 4])
        #expect(e.members.map(\.measured) == [4, 4])
        let records = try await BenchLog(path: dir + "/calibration.jsonl").records
        #expect(records.count == 8)
        #expect(records.values.allSatisfy { $0.scores.keys.sorted() == ["bad", "good"] })
    }

    @Test func cancellingStopsWithoutTrainingAndKeepsTheAnswers() async throws {
        let dir = try TempDir.make()
        let server = Self.server(delay: 0.2)
        let events = Events()
        let cal = calibration(server, dir: dir)
        let task = Task { try await cal.run(events: events.add) }
        while !events.all.contains(where: { if case .bench(.answered) = $0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let result = try await task.value
        #expect(result.stopped)
        #expect(result.routerPath == nil)
        #expect(!FileManager.default.fileExists(atPath: dir + "/data/router.json"))
        let answered = try await BenchLog(path: dir + "/calibration.jsonl").records.values.reduce(0) { $0 + $1.scores.count }
        #expect(answered >= 1 && answered < 16)

        // Running again finishes the job.
        let again = try await calibration(Self.server(), dir: dir).run()
        #expect(!again.stopped && again.routerPath != nil)
    }

    @Test func theEventStreamEndsAfterTraining() async throws {
        let dir = try TempDir.make()
        var kinds: [String] = []
        for try await e in calibration(Self.server(), dir: dir).events() {
            switch e {
            case .warmingUp: kinds.append("warm-up")
            case .estimate: kinds.append("estimate")
            case .bench: if kinds.last != "bench" { kinds.append("bench") }
            case .benchFinished: kinds.append("finished")
            case .training: if kinds.last != "training" { kinds.append("training") }
            case .trained: kinds.append("trained")
            }
        }
        #expect(kinds == ["warm-up", "estimate", "bench", "finished", "training", "trained"])
    }

    @Test func anUnknownSizeKeepsTheAnswersAndSaysWhatToGive() async throws {
        let dir = try TempDir.make()
        do {
            _ = try await calibration(Self.server(), dir: dir, sizes: ["good": 1]).run()
            Issue.record("trained without a size for bad")
        } catch {
            #expect("\(error)".contains("--sizes bad:BILLIONS"), "\(error)")
        }
        #expect(try String(contentsOfFile: dir + "/calibration.jsonl", encoding: .utf8).split(separator: "\n").count == 8)
    }

    @Test func estimateSharesAServerAndTakesTheSlowestServer() {
        let rows: [CalibrationEstimate.Member] = [
            .init(name: "a", secondsPerAnswer: 1, remaining: 10, measured: 2),
            .init(name: "b", secondsPerAnswer: 3, remaining: 10, measured: 2),
            .init(name: "c", secondsPerAnswer: 2, remaining: 5, measured: 2),
        ]
        let e = CalibrationEstimate.make(members: rows, serverOf: ["a": "s1", "b": "s1", "c": "s2"], concurrency: 2)
        #expect(e.totalSeconds == 20, "s1: (10 + 30) / 2 in flight; s2: 10 / 2")
        let unknown = CalibrationEstimate.make(members: rows + [.init(name: "d", secondsPerAnswer: nil, remaining: 1, measured: 0)],
                                               serverOf: [:], concurrency: 1)
        #expect(unknown.totalSeconds == nil)
    }

    @Test func theShippedSuiteIsFoundAndBalanced() throws {
        let path = try CalibrationSuite.locate()
        let questions = try BenchSuite.load(path: path).questions
        #expect(questions.count >= 200)
        var byArea: [String: [BenchQuestion]] = [:]
        for q in questions { byArea[CalibrationSuite.area(of: q), default: []].append(q) }
        #expect(Set(byArea.keys) == ["knowledge", "maths", "reading", "instructions"])
        #expect(byArea.values.allSatisfy { $0.count >= 40 })
        #expect(byArea["maths"]!.allSatisfy { $0.kind == .numeric })
        #expect(byArea["instructions"]!.allSatisfy { if case .check = $0.kind { true } else { false } })
        #expect(byArea["reading"]!.allSatisfy { if case .multipleChoice = $0.kind { true } else { false } })
        #expect(byArea["knowledge"]!.allSatisfy { $0.id.hasPrefix("mmlu_pro:") })
        // Interleaved: the warm-up and any --limit hold every area.
        #expect(Set(questions.prefix(4).map(CalibrationSuite.area)) == Set(byArea.keys))
        // The gold answers are not all one letter.
        let letters = Set(questions.compactMap { if case .multipleChoice = $0.kind { $0.gold } else { nil } })
        #expect(letters.count >= 4)
    }

    @Test func aMissingSuiteIsAClearError() throws {
        let places = CalibrationSuite.candidates(executable: "/nowhere/bin/herd")
        #expect(places.first == "/nowhere/bin/Herd_HerdBench.resources/calibration/calibration.jsonl")
        #expect(places.count == 3)
        #expect(places.last!.hasSuffix("Sources/HerdBench/Resources/calibration/calibration.jsonl"), "the repository is the last resort")
        do {
            _ = try CalibrationSuite.locate(in: ["/nowhere/a.jsonl", "/nowhere/b.jsonl"])
            Issue.record("found a suite in /nowhere")
        } catch {
            #expect("\(error)" == "the calibration suite is not installed: looked for /nowhere/a.jsonl, /nowhere/b.jsonl; give a suite file with --suite FILE")
        }
    }
}
