@testable import HerdConfig

/// Every problem of a config text as the tests compare them: "LINE: message", "-" for no line.
func lines(_ text: String, path: String = "config.toml") -> [String] {
    ConfigLoader.check(text: text, path: path).map { "\($0.line.map(String.init) ?? "-"): \($0.message)" }
}
