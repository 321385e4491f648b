import HerdCore

/// Which failures are worth another attempt: connection trouble and server overload are; a model the
/// server does not have, or a request it rejects, fails the same way every time.
enum RetryPolicy {
    static func isRetryable(_ error: Error) -> Bool {
        guard let e = error as? HerdError else { return true }
        switch e {
        case .unknownModel, .badInput, .noMembers: return false
        case let .http(_, status, _): return status >= 500 || status == 408 || status == 429
        default: return true
        }
    }

    /// Seconds to wait before attempt `attempt` (1 = the first retry).
    static func delay(attempt: Int, base: Double) -> Double {
        base * Double(1 << max(0, attempt - 1))
    }
}
