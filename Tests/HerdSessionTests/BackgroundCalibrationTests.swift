import Foundation
import HerdCore
import HerdRouter
import HerdSession
import HerdTestSupport
import HerdTUI
import Testing

/// Ctrl-K in the TUI: the runner calibrates the herd in the background while routing goes on, then
/// the user's own router takes over and the panel's sources switch to "your data".
@Suite struct BackgroundCalibrationTests {
    @Test func calibratesInTheBackgroundAndSwitchesToYourData() async throws {
        try await FixtureServer.with(.ollama) { f in try await Self.play(f) }
    }

    static func play(_ f: FixtureServer) async throws {
        // alpha always answers "A" (right on a share of the multiple-choice questions); beta never answers.
        f.setReply(.tokens(["A"]), for: "alpha")
        f.setReply(.tokens(["I", " cannot", " say"]), for: "beta")
        let dir = TemporaryDirectory()
        let queue = EventQueue()
        let routerPath = dir.file("router.json")
        let runner = EffectRunner(queue: queue, router: Router(model: nil), routerPath: routerPath, store: nil, saver: nil,
                                  calibrationData: dir.file("calibration.jsonl"))
        let path = try await ReplyPathTests.path(f)
        runner.use(path.runtime, members: path.members)
        let events = EventWaiter(queue)

        runner.perform(.calibrate)
        // The chat stays usable meanwhile: a decision arrives while calibration runs.
        runner.perform(.route(id: 1, prompt: "hi", history: [], lambda: 0.3, pin: nil, mode: .auto, exclude: []))
        #expect(await events.wait(timeout: 10) { _ in events.decision != nil })
        #expect(events.decision?.score(of: "alpha")?.source == .prior)
        #expect(await events.wait(timeout: 60) { _ in events.calibrations.contains { $0.status.isRunning } })
        let ended = await events.wait(timeout: 240) { _ in events.calibrations.contains { !$0.status.isRunning } }
        try #require(ended, "calibration did not end: \(events.calibrations.suffix(3))")
        let last = events.calibrations.last
        #expect(last?.status == .finished(members: 2), "\(String(describing: last))")
        #expect(last?.sources == ["alpha": .yourData, "beta": .yourData])
        #expect(FileManager.default.fileExists(atPath: routerPath))

        // The answers were kept as routing data, every question for both: alpha's "A" is right where the gold is A.
        let rows = try RoutingDataset.load(path: dir.file("calibration.jsonl"))
        #expect(rows.count >= 200 && rows.allSatisfy { $0.scores["alpha"] != nil && $0.scores["beta"] != nil })
        #expect(rows.compactMap { $0.scores["alpha"] }.reduce(0, +) > 0)

        // Decisions now come from the user's data.
        runner.perform(.route(id: 2, prompt: "Which is right?\nA. one\nB. two\nC. three\nD. four", history: [], lambda: 0,
                              pin: nil, mode: .auto, exclude: []))
        #expect(await events.wait(timeout: 10) { _ in events.decisions.count >= 2 })
        let d = try #require(events.decisions.last)
        #expect(d.score(of: "alpha")?.source == .yourData && d.score(of: "beta")?.source == .yourData)
        runner.shutdown()
    }
}
