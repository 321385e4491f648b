import Foundation

/// Makes `LoggingSetup.bootstrap` run once: swift-log traps on a second bootstrap.
final class LoggingSetupState: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var result: String?

    func once(_ body: () -> String?) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if !done {
            result = body()
            done = true
        }
        return result
    }
}
