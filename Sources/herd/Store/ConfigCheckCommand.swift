import ArgumentParser
import Foundation
import HerdConfig

/// `herd config check [FILE]`: every problem of a config file with its line; exit 1 when there are errors.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check config.toml and report every problem as FILE:LINE: error|warning: MESSAGE.")

    @Argument(help: "The file to check (default: the config path).")
    var file: String?

    @Flag(help: "Print JSON: {\"file\", \"exists\", \"problems\": [{line, column, key, message, severity}]}.")
    var json = false

    func run() throws {
        let paths = StoreCommandSupport.paths()
        let path = file ?? paths.configFile
        let text: String?
        do {
            text = try ConfigLoader.read(path: path)
        } catch {
            throw StoreCommandSupport.fail("\(error)")
        }
        let problems = text.map { ConfigLoader.check(text: $0, path: path, themeDirs: paths.themeDirs) } ?? []
        if json {
            try StoreCommandSupport.printJSON(ConfigCheckReport(file: path, exists: text != nil, problems: problems))
        } else if text == nil {
            if file != nil { throw StoreCommandSupport.fail("\(path) does not exist") }
            print("\(path) does not exist: the defaults apply (`herd config init` writes one)")
        } else if problems.isEmpty {
            print("\(path): ok")
        } else {
            for p in problems { print(p.description) }
            let errors = problems.filter { $0.severity == .error }.count
            let warnings = problems.count - errors
            print("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if problems.contains(where: { $0.severity == .error }) || (text == nil && file != nil) { throw ExitCode(1) }
    }
}
