/// One thing wrong in a config file, with where it is.
public struct ConfigProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The file cannot be used as it is.
        case error
        /// Works, but probably not as meant.
        case warning
    }

    public var file: String
    /// 1-based; `nil` when the problem is about the file as a whole.
    public var line: Int?
    public var column: Int?
    /// The key it is about, as a path (`members[1].size`), when there is one.
    public var key: String?
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int?, column: Int? = nil, key: String? = nil, message: String,
                severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.severity = severity
    }

    /// `file:line:column: error: message`, as compilers write it (editors jump to it).
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(severity.rawValue): \(message)"
    }
}
