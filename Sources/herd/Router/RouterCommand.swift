import ArgumentParser

/// `herd router …`: train, evaluate and benchmark the router.
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Train, evaluate and benchmark the router.",
        subcommands: [RouterTrainCommand.self, RouterEvalCommand.self, RouterBenchCommand.self]
    )
}
