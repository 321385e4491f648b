import ArgumentParser
import Foundation
import HerdConfig

/// `herd config paths [--json]`: where Herd reads and writes its files.
struct ConfigPathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Show the config file, data folder, database, log and theme folders in use.")

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let p = StoreCommandSupport.paths()
        let report = PathsReport(config: p.configFile, data: p.dataDir, database: p.databaseFile, log: p.logFile,
                                 router: p.defaultRouterFile, themes: p.themeDirs)
        if json {
            try StoreCommandSupport.printJSON(report)
        } else {
            print("config    \(report.config)")
            print("data      \(report.data)")
            print("database  \(report.database)")
            print("log       \(report.log)")
            print("router    \(report.router)")
            print("themes    \(report.themes.joined(separator: "\n          "))")
        }
    }
}
