import ArgumentParser
import Foundation
import HerdConfig
import HerdCore
import HerdRouter
import HerdSession

/// `herd route "PROMPT"`: what the router decides for the live herd, and why; or, offline, for a
/// router file's members or a given list.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Show every member's confidence and utility for a prompt, the choice, the reason and the decision time.",
        discussion: """
        By default the herd is the live one, found as the chat finds it (--server, HERD_SERVERS, the config, \
        else the usual ports), routed with your router and the public one, as the chat routes. Offline: \
        --members NAME:SIZE,… routes over that list, and --router FILE without a server over the file's \
        training members.
        """)

    /// Taken whole, even when it starts with a dash ("-5 °C is how cold?") — no `--` needed.
    @Argument(parsing: .allUnrecognized, help: "The prompt (words are joined with spaces; a leading dash is fine).")
    var words: [String] = []

    var prompt: String { words.joined(separator: " ") }

    func validate() throws {
        guard !words.isEmpty else { throw ValidationError("Missing expected argument '<words> ...' (the prompt)") }
        // A lone `--word` is far more likely a mistyped option than part of a prompt.
        if let w = words.first(where: { $0.hasPrefix("--") && $0.count > 2 && !$0.contains(" ") && $0.dropFirst(2).allSatisfy { $0.isLetter || $0 == "-" } }) {
            throw ValidationError("unknown option '\(w)' (to route it as text, put it inside the quoted prompt)")
        }
    }
    @Option(help: "The router file (default: your router in the data folder, with the public one behind it).") var router: String?
    @Option(help: "Quality↔cost knob: 0 picks the most likely good answer whatever the cost (default: the config's, 0.3).") var lambda: Lambda?
    @Option(help: "Offline: the herd as NAME:SIZE,… (names as in the routing data).") var members: String?
    @Option(help: "Pin this member (the router's own choice is shown beside it).") var pin: String?
    @Flag(help: "Skip the dense view even if the router has one.") var sparseOnly = false
    @Flag(help: "Print the decision as JSON.") var json = false
    @OptionGroup var servers: ServerOptions

    func run() async throws {
        let (settings, _) = try await StartupWarmup.settings(streamTimeout: servers.streamTimeout)
        let lambda = self.lambda ?? settings.lambda
        let liveServers = !servers.servers.isEmpty || !(ProcessInfo.processInfo.environment["HERD_SERVERS"] ?? "").isEmpty
        let offline = members != nil || (router != nil && !liveServers)
        let r: Router
        var memberValues: [Member]
        var unavailable: Set<String> = []
        if offline {
            // As the chat routes: your router, the public one behind it, members mapped to its profiles.
            let (loaded, problem) = try settings.loadRouter(override: router)
            if let problem { routerStderr(problem) }
            r = loaded
            let herd = try members.map { try RouterMember.parseList($0) } ?? r.trainedMembers
            guard !herd.isEmpty else { throw HerdError.noMembers("no members: give --members NAME:SIZE,…") }
            let local = ServerEndpoint(baseURL: "http://127.0.0.1", name: "routing-data")
            memberValues = r.profiled(herd.map { Member(name: $0.name, endpoint: local, sizeB: $0.sizeB) })
        } else {
            let (loaded, problem) = try settings.loadRouter(override: router)
            if let problem { routerStderr(problem) }
            r = loaded
            let discovery = try await HerdRuntime.discover(cliServers: servers.servers, configServers: settings.servers,
                                                           streamTimeout: settings.streamTimeout,
                                                           remember: settings.knownServersFile, environment: settings.environment)
            let runtime = HerdRuntime(discovery: discovery)
            memberValues = settings.herd(runtime.discovery, router: r)
            unavailable = runtime.unreachable
            guard !memberValues.isEmpty else {
                throw HerdError.noMembers(runtime.serverProblems ?? "no model server found: start Ollama, llama-server, LM Studio or vLLM, pass --server URL, or route offline with --members NAME:SIZE,…")
            }
        }
        if let pin, !memberValues.contains(where: { $0.name == pin }) {
            throw ValidationError("--pin \(pin) is not a member (\(memberValues.map(\.name).joined(separator: ", ")))")
        }
        var embedding: [Float]? = nil
        if !sparseOnly, let m = r.model, m.denseIndex != nil, let source = m.embeddings {
            do {
                embedding = try await EmbeddingSpec(source).cache().embed([prompt]).first
            } catch {
                routerStderr("dense view unavailable (\(error)); using the sparse view")
            }
        }
        let d = r.decide(prompt: prompt, embedding: embedding, members: memberValues, lambda: lambda, pinned: pin, unavailable: unavailable)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(d), as: UTF8.self))
            return
        }
        let w = max(d.scores.map(\.member.count).max() ?? 6, 6)
        print("  " + "member".padding(toLength: w, withPad: " ", startingAt: 0) + "  confidence  utility  from")
        for s in d.scores.sorted(by: { ($0.utility ?? -1) > ($1.utility ?? -1) }) {
            let mark = s.member == d.chosen ? "▶ " : "  "
            let conf = s.confidence.map { String(format: "%10.3f", $0) } ?? "         —"
            let util = s.utility.map { String(format: "%8.3f", $0) } ?? "       —"
            let from = (s.source ?? (s.isPrior ? .prior : .yourData)).label + (s.available ? "" : ", unavailable")
            print(mark + s.member.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + conf + " " + util + "  " + from)
        }
        var line = "choice: \(d.chosen)"
        if let rc = d.routerChoice, rc != d.chosen { line += " (pinned; the router would pick \(rc))" }
        if let ru = d.runnerUp { line += " · runner-up \(ru)" }
        print(line + String(format: " · λ %.3g", d.lambda))
        print("reason: \(d.reason)")
        print(String(format: "decided in %.0f µs (%@)", d.micros, d.routerVersion))
    }
}
