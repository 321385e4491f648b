import Foundation
import HerdCore
@testable import HerdTUI
import Testing

/// The TUI's offer to calibrate: one key starts it in the background, the panel follows it, and the
/// members' sources switch to "your data" when the new router takes over.
@Suite struct CalibrationKeyTests {
    static func priorHerd() -> AppState {
        var s = Fixtures.state()
        for i in s.members.indices { s.members[i].source = .prior }
        s.members[2].source = .publicData(profile: "Meta-Llama-3_1-8B-Instruct")
        return s
    }

    /// The router panel's text (right of the chat), rows joined, without whitespace: wrapping cannot break a match.
    static func panel(_ s: AppState) -> String {
        ScreenView.render(s).text.split(separator: "\n").map { line -> Substring in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            return parts.count > 2 ? parts[2] : ""
        }.joined().filter { !$0.isWhitespace }
    }

    @Test func ctrlKStartsOneCalibrationAndTheChatGoesOn() {
        var s = Self.priorHerd()
        #expect(Self.panel(s).contains("Ctrl-K:calibrate2memberswithoutdata"), "\(ScreenView.render(s).text)")
        #expect(App.update(&s, .key(.ctrl("k"))) == [.calibrate])
        #expect(s.calibration == .estimating)
        #expect(App.update(&s, .key(.ctrl("k"))).isEmpty, "a second press does not start a second run")
        // Sending still works while it runs.
        guard case .route? = Fixtures.send("hi", &s).last else { Issue.record("no route while calibrating"); return }
        _ = App.update(&s, .calibration(.running(done: 34, total: 216, secondsLeft: 190)))
        #expect(Self.panel(s).contains("calibrating34/216·~3minleft"), "\(ScreenView.render(s).text)")
    }

    @Test func whenItFinishesThePanelSaysYourData() {
        var s = Self.priorHerd()
        _ = App.update(&s, .key(.ctrl("k")))
        _ = App.update(&s, .calibration(.finished(members: 3), sources: ["tiny-a": .yourData, "tiny-b": .yourData, "tiny-c": .yourData]))
        #expect(s.members.allSatisfy { $0.source == .yourData })
        #expect(s.membersWithoutData.isEmpty)
        let screen = ScreenView.render(s).text
        #expect(screen.contains("your data") && Self.panel(s).contains("calibrated:3membersonyourdata"), "\(screen)")
        #expect(!screen.contains("without data"))
    }

    @Test func theKeyIsRebindableAndTheSlashCommandWorks() {
        var s = Self.priorHerd()
        s.keymap = Keymap([.calibrate: "f5"])
        #expect(Self.panel(s).contains("F5:calibrate"), "\(ScreenView.render(s).text)")
        _ = App.update(&s, .key(.paste("/calibrate")))
        #expect(App.update(&s, .key(.enter)) == [.calibrate])
    }

    @Test func nothingToCalibrateWithoutAReachableMember() {
        var s = AppState(cols: 80, rows: 24)
        #expect(App.update(&s, .key(.ctrl("k"))).isEmpty)
        #expect(s.notice?.text.contains("no reachable member") == true)
    }
}
