import Foundation

/// Errors a user can read: each names where it happened and why.
public enum HerdError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// Could not connect (refused, DNS, TLS…).
    case unreachable(server: String, cause: String)
    /// The server answered with an HTTP error status.
    case http(server: String, status: Int, body: String)
    /// The server does not serve this model.
    case unknownModel(server: String, model: String)
    /// No bytes for too long.
    case timeout(server: String, seconds: Double)
    /// The connection ended before the stream's end marker.
    case interrupted(server: String, cause: String)
    /// The reply did not follow the protocol.
    case protocolError(server: String, cause: String)
    /// The server sent an `{"error": …}` object.
    case serverError(server: String, message: String)
    /// A file the user gave (config, theme, data, router) is wrong.
    case badInput(file: String, line: Int?, cause: String)
    /// Nothing to talk to.
    case noMembers(String)
    /// Anything else, already phrased for the user.
    case other(String)

    public var description: String {
        switch self {
        case let .unreachable(s, c): return "\(s) is unreachable: \(c)"
        case let .http(s, status, body):
            let b = body.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(s) answered HTTP \(status)" + (b.isEmpty ? "" : ": \(b.prefix(300))")
        case let .unknownModel(s, m): return "\(s) does not serve a model named \"\(m)\""
        case let .timeout(s, secs): return "\(s) sent nothing for \(HerdError.fmt(secs)) s (stream timeout)"
        case let .interrupted(s, c): return "\(s) closed the stream early: \(c)"
        case let .protocolError(s, c): return "\(s) sent a malformed reply: \(c)"
        case let .serverError(s, m): return "\(s) reported an error: \(m)"
        case let .badInput(f, line, c):
            if let line { return "\(f):\(line): \(c)" }
            return "\(f): \(c)"
        case let .noMembers(m): return m
        case let .other(m): return m
        }
    }

    public var errorDescription: String? { description }

    static func fmt(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
    }
}
