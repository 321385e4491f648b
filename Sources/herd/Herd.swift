import ArgumentParser
import Foundation
import HerdCore

/// `herd`: chat with a herd of local models; each message goes to the member most likely to answer it well.
@main
struct Herd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herd",
        abstract: "Chat with a herd of local LLMs; every message is routed to the member most likely to answer it well.",
        version: HerdVersion.string,
        subcommands: [
            ChatCommand.self,
            AskCommand.self,
            ModelsCommand.self,
            BenchCommand.self, CalibrateCommand.self,
            HistoryCommand.self, ExportCommand.self, ConfigCommand.self,
            RouterCommand.self, RouteCommand.self,
            BenchParseCommand.self,
        ],
        defaultSubcommand: ChatCommand.self
    )

    /// Exit codes: 0 ok, 1 runtime error, 2 usage error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            if code == .success || error is CleanExit || error is ExitCode {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data("herd: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}
