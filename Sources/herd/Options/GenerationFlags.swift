import ArgumentParser
import HerdCore

/// `--temperature`, `--top-p`, `--max-tokens`, `--num-ctx`, `--stop`: generation options for this run,
/// over the config's `[defaults]` and member entries. The values obey `GenerationOptions`' rules.
struct GenerationFlags: ParsableArguments {
    @Option(help: "Sampling temperature, 0 to 2.")
    var temperature: Double?

    @Option(name: .customLong("top-p"), help: "Nucleus sampling, 0 to 1.")
    var topP: Double?

    @Option(help: "Stop after this many tokens.")
    var maxTokens: Int?

    @Option(name: .customLong("num-ctx"), help: ArgumentHelp(
        "Context size in tokens (Ollama only: llama-server, vLLM and LM Studio fix it when they start).", valueName: "tokens"))
    var numCtx: Int?

    @Option(name: .customLong("stop"), help: ArgumentHelp("A text that ends the reply (repeatable).", valueName: "text"))
    var stop: [String] = []

    func validate() throws {
        _ = try options()
    }

    /// The options given on the command line.
    /// - Throws: `ValidationError` naming the flag and the rule it broke.
    func options() throws -> GenerationOptions {
        var o = GenerationOptions()
        let numbers: [(GenerationOptions.Setting, Double?)] = [
            (.temperature, temperature), (.topP, topP), (.maxTokens, maxTokens.map(Double.init)), (.contextSize, numCtx.map(Double.init)),
        ]
        do {
            for case let (setting, v?) in numbers { try o.set(setting, number: v) }
            if !stop.isEmpty { try o.set(stop: stop) }
        } catch let p as GenerationOptions.Problem {
            throw ValidationError("--\(p.setting.key.replacingOccurrences(of: "_", with: "-")): \(p.message)")
        }
        return o
    }
}
