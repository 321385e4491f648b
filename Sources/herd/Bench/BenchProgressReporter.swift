import Foundation
import HerdSession
import HerdBench

/// Shows a bench run's progress on stderr: bars redrawn in place on a terminal, plain lines otherwise
/// (one per member at every tenth, so logs stay short). Failures are printed as they happen.
final class BenchProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var progress = BenchProgress()
    private let start = ContinuousClock.now
    private let tty: Bool
    private var drawnLines = 0
    private var lastDraw = -1.0
    private var lastTenth: [String: Int] = [:]
    /// Failure messages already shown, per member: a dead member fails every question the same way.
    private var shown: [String: Set<String>] = [:]
    private var ticker: Task<Void, Never>?

    init(tty: Bool = isatty(STDERR_FILENO) == 1) {
        self.tty = tty
        if tty {
            // Keeps rate and ETA moving while a slow member answers nothing.
            ticker = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                    self?.lock.withLock { self?.draw(force: true) }
                }
            }
        }
    }

    func handle(_ event: BenchEvent) {
        lock.withLock {
            let now = elapsed
            progress.apply(event, at: now)
            switch event {
            case let .failed(member, id, error):
                if shown[member, default: []].insert(error).inserted {
                    say("\(member): \(id) failed: \(error) (further failures like this are only counted)")
                }
            case let .retrying(member, id, attempt, delay, error) where !tty && !shown[member, default: []].contains(error):
                say("\(member): \(id) attempt \(attempt + 1) in \(delay) s after: \(error)")
            default: break
            }
            if tty {
                draw(force: false)
            } else if let member = member(of: event), let row = progress.row(member) {
                let tenth = row.total == 0 ? 10 : row.done * 10 / row.total
                if tenth != lastTenth[member] {
                    lastTenth[member] = tenth
                    write(progress.plainLine(row, now: now) + "\n")
                }
            }
        }
    }

    /// Prints a line above the bars (or in the log when stderr is not a terminal).
    func note(_ text: String) {
        lock.withLock { say(text) }
    }

    /// Draws the final state and stops redrawing.
    func finish() {
        ticker?.cancel()
        lock.withLock {
            if tty { draw(force: true) }
        }
    }

    private var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private func member(of event: BenchEvent) -> String? {
        switch event {
        case let .planned(m, _, _, _), let .answered(m, _, _, _), let .failed(m, _, _): return m
        case .retrying: return nil
        }
    }

    /// Prints a message above the bars.
    private func say(_ text: String) {
        if tty {
            clearBars()
            write(text + "\n")
            draw(force: true)
        } else {
            write(text + "\n")
        }
    }

    private func clearBars() {
        guard drawnLines > 0 else { return }
        write("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }

    private func draw(force: Bool) {
        let now = elapsed
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let rows = progress.rows
        guard !rows.isEmpty else { return }
        let nameWidth = rows.map(\.member.count).max() ?? 0
        let width = Self.terminalWidth()
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        for row in rows {
            let line = progress.barLine(row, now: now, nameWidth: nameWidth)
            out += "\u{1B}[2K" + String(line.prefix(max(10, width - 1))) + "\n"
        }
        drawnLines = rows.count
        write(out)
    }

    private func write(_ s: String) {
        StandardError.write(s)
    }

    private static func terminalWidth() -> Int {
        var ws = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 100
    }
}
