import Foundation
import HerdTUI
import Testing

/// Compares a screen buffer's text with `__Snapshots__/NAME.txt` beside this file.
/// A missing snapshot (or HERD_RECORD_SNAPSHOTS=1) records the file and fails, so a new
/// snapshot is always looked at once before it guards anything.
func assertSnapshot(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent(name + ".txt")
    // Trailing spaces are kept, with a bar at each line's end, so widths are visible in review.
    let actual = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "|" }.joined(separator: "\n") + "\n"
    let record = ProcessInfo.processInfo.environment["HERD_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); check it and run again", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let exp = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let act = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = ""
        for i in 0..<max(exp.count, act.count) {
            let e = i < exp.count ? String(exp[i]) : "<none>"
            let a = i < act.count ? String(act[i]) : "<none>"
            if e != a { diff += "row \(i)\n  expected: \(e)\n  actual:   \(a)\n" }
        }
        Issue.record("snapshot \(name) differs:\n\(diff)", sourceLocation: sourceLocation)
    }
}
