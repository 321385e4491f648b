import Foundation

/// Why the history database could not be used. Every case names the file and says what to do.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The file exists but is not a usable SQLite database (damaged, truncated, or something else entirely).
    case corrupt(String, String)
    /// The file cannot be opened at all (permissions, a folder in its place, a full or read-only disk).
    case unreadable(String, String)
    /// The database was written by a newer Herd whose migrations this build does not know.
    case newerSchema(String, unknownMigrations: [String])
    /// A conversation id prefix matched several conversations.
    case ambiguousID(String, matches: [UUID])

    public var description: String {
        switch self {
        case let .corrupt(path, cause):
            return "\(path): the history database is damaged (\(cause)). "
                + "Move it aside (or start herd, which keeps it as \(path).corrupt-<time> and starts a new one)."
        case let .unreadable(path, cause):
            return "\(path): cannot open the history database (\(cause)). Check the file's permissions and the disk."
        case let .newerSchema(path, unknown):
            return "\(path): written by a newer version of herd (unknown migrations: \(unknown.joined(separator: ", "))). "
                + "Upgrade herd, or set HERD_HOME to use another data folder."
        case let .ambiguousID(prefix, matches):
            let list = matches.prefix(5).map { $0.uuidString.lowercased() }.joined(separator: ", ")
            return "\"\(prefix)\" matches \(matches.count) conversations (\(list)); give more characters."
        }
    }

    public var errorDescription: String? { description }
}
