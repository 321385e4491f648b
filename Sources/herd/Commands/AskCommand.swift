import ArgumentParser
import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdSession
import HerdStore
import HerdTUI

/// `herd ask "PROMPT"`: one answer streamed to stdout, without the TUI.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Stream one answer to stdout (routed, or from --model).")

    @Argument(help: "The prompt.")
    var prompt: String

    @Option(name: .shortAndLong, help: "Ask this member instead of routing.")
    var model: String?

    @Flag(help: "Print one JSON object with the answer, the member and the decision.")
    var json = false

    @Option(help: "λ, the quality ↔ cost knob: 0 or more (0 = best quality; default: the config's, else 0.3).")
    var lambda: Lambda?

    @Option(help: "A trained router file (default: the one in the config, then the data folder).")
    var router: String?

    @OptionGroup(title: "Generation") var generation: GenerationFlags

    @Option(help: "Ask the router's top K members at once (2…4) and print every answer.")
    var compare: Int?

    @Flag(inversion: .prefixedNo, help: "Cascade: the cheapest confident member answers first, a weak answer (empty, truncated, a refusal, low log-probability) goes to the next (default: the config's router.routing).")
    var cascade: Bool?

    @OptionGroup var servers: ServerOptions

    func validate() throws {
        if let k = compare, !CompareRound.widths.contains(k) {
            throw ValidationError("--compare takes \(CompareRound.widthRule), not \(k)")
        }
        if compare != nil, model != nil { throw ValidationError("--compare and --model exclude each other: compare asks the router's top members") }
        if cascade == true, model != nil { throw ValidationError("--cascade and --model exclude each other: the cascade picks its members") }
        if cascade == true, compare != nil { throw ValidationError("--cascade and --compare exclude each other") }
    }

    func run() async throws {
        let (settings, remembered) = try await StartupWarmup.settings(streamTimeout: servers.streamTimeout)
        // A pinned answer on stdout needs no routing: the router files (5 MB for the public one) are
        // read only when a decision is made or printed. Otherwise they are decoded while discovery
        // waits on the network.
        let routes = model == nil || json
        let routerFile = router
        let routerLoad = routes ? Task.detached { try settings.loadRouter(override: routerFile).router } : nil
        // A member asked by name on servers discovered before needs no probing: the request goes out
        // at once. When that knowledge is stale (no replica answers before the first token), the
        // servers are discovered again and the answer is asked once more, as if nothing was known.
        var announced = false
        if let name = model, compare == nil,
           let known = try HerdRuntime.known(cliServers: servers.servers, configServers: settings.servers,
                                             streamTimeout: settings.streamTimeout, remembered: remembered,
                                             environment: settings.environment),
           known.members.contains(where: { $0.name == name }) {
            do {
                return try await answer(discovery: known, settings: settings, router: routerLoad, fromCache: true, announce: true)
            } catch AskAttempt.staleServers {
                announced = true
            }
        }
        let discovery = try await HerdRuntime.discover(cliServers: servers.servers, configServers: settings.servers,
                                                       streamTimeout: settings.streamTimeout,
                                                       remember: settings.knownServersFile, environment: settings.environment)
        try await answer(discovery: discovery, settings: settings, router: routerLoad, fromCache: false, announce: !announced)
    }

    /// Asks one member (or `--compare K`) over these servers and prints the answer.
    ///
    /// - Parameters:
    ///   - fromCache: the servers come from `KnownServers`; a failure before the first token then
    ///     throws `AskAttempt.staleServers` and prints nothing on stdout, so that the caller can discover.
    ///   - announce: print the notices on stderr (the member asked, options it drops); not again when
    ///     the answer is asked a second time.
    private func answer(discovery: DiscoveryResult, settings: Settings, router routerLoad: Task<Router, Error>?,
                        fromCache: Bool, announce: Bool) async throws {
        let runtime = HerdRuntime(discovery: discovery)
        let router = try await routerLoad?.value ?? Router(model: nil)
        let path = ReplyPath(runtime: runtime, members: settings.herd(runtime.discovery, router: router), router: router)
        guard !path.members.isEmpty else {
            throw HerdError.noMembers(runtime.serverProblems ?? "no model server found: start Ollama, llama-server, LM Studio or vLLM, or pass --server URL")
        }
        var pin: String?
        if let name = model {
            guard let m = path.members.first(where: { $0.name == name }) ?? runtime.member(named: name) else {
                throw HerdError.other("no member named \"\(name)\"; the herd has: \(path.members.map(\.name).joined(separator: ", "))")
            }
            pin = m.name
        }
        let decision = try path.decide(prompt: prompt, lambda: lambda ?? settings.lambda, pin: pin)
        if let k = compare {
            return try await AskCompare.run(path: path, prompt: prompt, decision: decision, width: k, options: try generation.options(),
                                            json: json, output: StandardStreams())
        }
        // The config's routing applies when nothing on the command line picks the member(s).
        if pin == nil, cascade ?? settings.config.router.cascade {
            let store = FileManager.default.fileExists(atPath: settings.databaseFile) ? try? Store.open(path: settings.databaseFile) : nil
            let thresholds = CascadeThresholds.learn(settings: settings, store: store, router: router, members: path.members)
            return try await AskCascade.run(path: path, prompt: prompt, decision: decision, thresholds: thresholds,
                                            options: try generation.options(), json: json, announce: announce, output: StandardStreams())
        }
        try await AskOne.run(path: path, prompt: prompt, decision: decision, pinned: model != nil, options: try generation.options(),
                             json: json, fromCache: fromCache, announce: announce, output: StandardStreams())
    }
}
