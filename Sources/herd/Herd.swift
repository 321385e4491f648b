import ArgumentParser
import Foundation
import HerdBackends
import HerdCore
import HerdSession

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

    /// The command `arguments` name. `herd ask …` is parsed by `AskCommand` alone when that succeeds:
    /// building the tree of every subcommand first took 0.8 ms of the 3 ms of parsing, on a command
    /// whose start counts against curl's (issue 14). Help, and any mistake, go through the whole tree,
    /// so that usage and errors read "herd ask" as always.
    nonisolated static func parse(_ arguments: [String]) throws -> ParsableCommand {
        let builtIn: Set<String> = ["-h", "--help", "-help", "help", "--version", "--generate-completion-script",
                                    "--experimental-dump-help"]
        if arguments.first == "ask", !arguments.contains(where: { builtIn.contains($0) || $0.hasPrefix("--generate-completion") }),
           let ask = try? AskCommand.parseAsRoot(Array(arguments.dropFirst())) {
            return ask
        }
        return try parseAsRoot(arguments)
    }

    /// Exit codes: 0 ok, 1 runtime error, 2 usage error.
    ///
    /// The arguments are parsed here, on the main thread, which is running already: parsed on the
    /// cooperative pool instead, they waited for a pool thread while the warm-up's threads started on
    /// both cores, 1.9 ms of `herd ask`'s start before parsing began (uprobes, 25 runs; issue 14).
    nonisolated static func main() async {
        // Reading a local server's stream gives way to its computation once the answer started (`StreamPriority`).
        StreamPriority.yieldToLocalServers(nice: 19)
        StartupWarmup.begin()
        let parsed: Result<ParsableCommand, Error>
        do { parsed = .success(try parse(Array(CommandLine.arguments.dropFirst()))) } catch { parsed = .failure(error) }
        await runAndExit(parsed)
    }

    /// Runs the command, then ends the process from the thread that finished it. Returning instead
    /// resumed `main` on the main queue, which on Linux first started a dispatch thread of its own:
    /// `herd ask`'s last token to the process gone went from 2.2 to 1.5 ms (`scripts/ask-timeline`,
    /// 41 interleaved runs; issue 14).
    @concurrent
    private nonisolated static func runAndExit(_ parsed: sending Result<ParsableCommand, Error>) async -> Never {
        do {
            var command = try parsed.get()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            if code == .success || error is CleanExit || error is ExitCode {
                exit(withError: error)
            }
            StandardError.write("herd: \(error)\n")
            Foundation.exit(1)
        }
    }
}
