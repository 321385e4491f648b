import Foundation

/// Where `herd ask` writes: the answer on one stream, notices (who answers, why a cascade moved on)
/// on the other, so that stdout stays the answer alone. The command writes to the process's
/// streams (`StandardStreams`); tests capture both.
public protocol AskOutput: Sendable {
    /// Part of the answer (stdout).
    func answer(_ text: String)
    /// A notice for the person at the terminal (stderr).
    func notice(_ text: String)
    /// Whether notices reach a terminal: "→ member (mode 0.42)" is shown only there.
    var noticesToTerminal: Bool { get }
}

extension AskOutput {
    /// `value` as one line of compact JSON, keys sorted, on the answer's stream.
    public func jsonLine(_ value: some Encodable) throws {
        answer(try StandardOutput.json(value) + "\n")
    }
}

/// The process's stdout and stderr.
public struct StandardStreams: AskOutput {
    public init() {}

    public func answer(_ text: String) { StandardOutput.write(text) }

    public func notice(_ text: String) { StandardError.write(text) }

    public var noticesToTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
