import Foundation
import HerdSession

/// An `AskOutput` that keeps what was written to each stream.
final class CapturedOutput: AskOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var answers = ""
    private var notices = ""
    let noticesToTerminal: Bool

    init(terminal: Bool = true) { noticesToTerminal = terminal }

    func answer(_ text: String) { lock.withLock { answers += text } }
    func notice(_ text: String) { lock.withLock { notices += text } }

    /// What went to stdout.
    var stdout: String { lock.withLock { answers } }
    /// What went to stderr.
    var stderr: String { lock.withLock { notices } }
}
