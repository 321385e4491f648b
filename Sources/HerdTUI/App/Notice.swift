/// A line for the status bar, with how it is meant: the sender says whether it reports a failure,
/// the status line does not guess from its words. A plain string literal is information.
public struct Notice: Sendable, Hashable, ExpressibleByStringInterpolation {
    public enum Severity: Sendable, Hashable {
        case info
        case error
    }

    public var text: String
    public var severity: Severity

    public init(_ text: String, severity: Severity = .info) {
        self.text = text
        self.severity = severity
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A notice that reports a failure (shown in the error colour).
    public static func error(_ text: String) -> Notice { Notice(text, severity: .error) }
}
