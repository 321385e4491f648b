import ArgumentParser
import Foundation
import HerdConfig
import HerdSession
import HerdStore
import Logging

/// What the history, export and config commands share: paths, logging, the store, errors and output.
enum StoreCommandSupport {
    /// Paths from the environment, with logging set up in the data folder.
    static func paths() -> HerdPaths {
        let paths = HerdPaths()
        LoggingSetup.bootstrap(dataDir: paths.dataDir)
        return paths
    }

    /// The history database, or `nil` when there is none yet (a listing must not create one).
    static func existingStore(_ paths: HerdPaths) throws -> Store? {
        guard FileManager.default.fileExists(atPath: paths.databaseFile) else { return nil }
        return try Store.open(path: paths.databaseFile)
    }

    /// Prints `herd: message` on stderr and exits 1 (a runtime error, as opposed to 2 for usage).
    static func fail(_ message: String) -> ExitCode {
        StandardError.write("herd: \(message)\n")
        Logger(label: "herd.cli").error("\(message)")
        return ExitCode(1)
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        // Foundation pretty-prints an empty array over three lines; scripts and people expect [].
        let data = (value as? [Any])?.isEmpty == true ? Data("[]".utf8) : try ConversationRecord.encoder().encode(value)
        StandardOutput.write(data)
        StandardOutput.write("\n")
    }

    static func localTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }
}
