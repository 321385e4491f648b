import ArgumentParser

/// `herd config init|check|paths`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Write, check or locate config.toml (HERD_CONFIG, else $XDG_CONFIG_HOME/herd/config.toml).",
        subcommands: [ConfigInitCommand.self, ConfigCheckCommand.self, ConfigPathsCommand.self])
}
