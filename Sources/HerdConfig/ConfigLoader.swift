import Foundation
import TOMLKit

/// Reads and checks `config.toml`.
public enum ConfigLoader {
    /// The config at `path`; a missing file is the default config, not an error.
    ///
    /// - Throws: `ConfigError.unreadable`, or `ConfigError.invalid` with every error and its line.
    public static func load(path: String, themeDirs: [String]? = nil) throws -> HerdConfig {
        guard let text = try read(path: path) else { return HerdConfig() }
        let (config, problems) = parse(text: text, path: path, themeDirs: themeDirs)
        if problems.contains(where: { $0.severity == .error }) { throw ConfigError.invalid(path: path, problems: problems) }
        return config
    }

    /// The config at `paths.configFile`.
    public static func load(paths: HerdPaths = HerdPaths()) throws -> HerdConfig {
        try load(path: paths.configFile, themeDirs: paths.themeDirs)
    }

    /// Every problem in a config text, in line order: syntax errors, unknown keys (with a suggestion), wrong
    /// types, bad values, broken references. `path` is only used in the messages.
    ///
    /// - Parameter themeDirs: when given, a theme found in none of them is a warning.
    public static func check(text: String, path: String, themeDirs: [String]? = nil) -> [ConfigProblem] {
        parse(text: text, path: path, themeDirs: themeDirs).1
    }

    /// The config a text describes (the valid parts of it) and its problems.
    public static func parse(text: String, path: String, themeDirs: [String]? = nil) -> (HerdConfig, [ConfigProblem]) {
        var problems: [ConfigProblem] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blanked = Set<Int>()
        // toml++ stops at the first syntax error. To report them all, blank the line it names and parse
        // again; the values of blanked lines are then left out of the checks below.
        var table: TOMLTable?
        for _ in 0..<100 {
            do {
                table = try TOMLTable(string: lines.joined(separator: "\n"))
                break
            } catch let error as TOMLParseError {
                let line = error.source.begin.line
                problems.append(ConfigProblem(file: path, line: line, column: error.source.begin.column,
                                              message: "syntax: \(error.description)"))
                guard (1...lines.count).contains(line), !blanked.contains(line) else { break }
                blanked.insert(line)
                lines[line - 1] = ""
            } catch {
                problems.append(ConfigProblem(file: path, line: nil, message: "cannot parse: \(error)"))
                break
            }
        }
        guard let table else { return (HerdConfig(), sorted(problems)) }
        var validator = ConfigValidator(file: path, index: TOMLLineIndex(text: text), blanked: blanked,
                                        themeDirs: themeDirs)
        let config = validator.validate(table)
        return (config, sorted(problems + validator.problems))
    }

    /// The file's text, or `nil` when there is no file.
    ///
    /// - Throws: `ConfigError.unreadable` for a folder, an unreadable file or one that is not UTF-8.
    public static func read(path: String) throws -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        if isDir.boolValue { throw ConfigError.unreadable(path: path, cause: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, cause: "permission denied or I/O error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable(path: path, cause: "not UTF-8 text")
        }
        return text
    }

    static func sorted(_ problems: [ConfigProblem]) -> [ConfigProblem] {
        problems.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}
