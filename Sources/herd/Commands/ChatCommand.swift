import ArgumentParser
import Foundation
import HerdCore
import HerdSession
import HerdTerminal
import HerdTUI

/// `herd` with no subcommand: the chat TUI.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Open the chat TUI (the default).")

    @Flag(help: "Start a new conversation instead of resuming the last one.")
    var new = false

    @Option(help: "λ, the quality ↔ cost knob: 0 or more (0 = best quality; default: the config's, else 0.3).")
    var lambda: Lambda?

    @Option(help: "A trained router file.")
    var router: String?

    @Option(help: "Theme name (themes/*.yaml) or path to a theme file.")
    var theme: String?

    @OptionGroup(title: "Generation (change them in the chat with /set)") var generation: GenerationFlags

    @OptionGroup var servers: ServerOptions

    func run() async throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw HerdError.other("the chat TUI needs a terminal; for scripts use `herd ask \"PROMPT\"`")
        }
        var (settings, _) = try await StartupWarmup.settings(streamTimeout: servers.streamTimeout)
        if let theme { settings.theme = theme }
        settings.generation = try generation.options()
        let chat = ChatSession(settings: settings, cliServers: servers.servers, routerPath: router, lambda: lambda ?? settings.lambda,
                               startNew: new, version: HerdVersion.string)
        try await chat.run()
    }
}
