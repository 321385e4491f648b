import ArgumentParser
import HerdCore

/// `--server URL` (repeatable): the model servers to use, before `HERD_SERVERS` and the config file.
struct ServerOptions: ParsableArguments {
    @Option(name: .customLong("server"), help: ArgumentHelp(
        "A model server URL (repeatable), with or without the /v1 suffix; prefix with ollama+ or openai+ to fix the protocol.",
        valueName: "URL"))
    var servers: [String] = []

    @Option(name: .customLong("timeout"), help: "Seconds without a byte before a stream is abandoned.")
    var streamTimeout: Double?
}
