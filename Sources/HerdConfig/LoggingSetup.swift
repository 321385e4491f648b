import Foundation
import Logging

/// Routes every swift-log `Logger` of the process to `herd.log` in the data folder.
public enum LoggingSetup {
    private static let state = LoggingSetupState()

    /// Bootstraps swift-log once per process (later calls return the first call's path). The level comes from
    /// `HERD_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical) when set, else `level`.
    /// When the file cannot be opened, logs are dropped rather than shown on the screen.
    ///
    /// - Returns: the log file's path, or `nil` when logging is off because the file could not be opened.
    @discardableResult
    public static func bootstrap(dataDir: String, level: Logger.Level = .info,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        state.once {
            let chosen = environment["HERD_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? level
            let path = dataDir + "/herd.log"
            guard let file = try? LogFile(path: path) else {
                LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
                return nil
            }
            LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: file, level: chosen) }
            return path
        }
    }
}
