import Foundation

/// Why a config file could not be loaded.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The file exists but cannot be read.
    case unreadable(path: String, cause: String)
    /// The file has errors; every one is listed with its line.
    case invalid(path: String, problems: [ConfigProblem])

    public var description: String {
        switch self {
        case let .unreadable(path, cause):
            return "\(path): cannot read the config file: \(cause)"
        case let .invalid(path, problems):
            let errors = problems.filter { $0.severity == .error }
            let list = errors.map(\.description).joined(separator: "\n")
            return "\(path) has \(errors.count) error\(errors.count == 1 ? "" : "s"):\n\(list)\n"
                + "(fix them, or check again with `herd config check`)"
        }
    }

    public var errorDescription: String? { description }
}
