import ArgumentParser
import Foundation
import HerdConfig
import HerdCore
import HerdRouter
import HerdSession

/// `herd route "PROMPT" [--router ROUTER] [--lambda X] [--json]`: what the router decides, and why.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Show every member's confidence and utility for a prompt, the choice, the reason and the decision time.")

    @Argument(help: "The prompt.") var prompt: String
    @Option(help: "The router file (default: router.json in the data folder).") var router: String?
    @Option(help: "λ, the quality ↔ cost knob: 0 or more (0 = best quality; default: the config's, else 0.3).") var lambda: Lambda?
    @Option(help: "The herd as NAME:SIZE,… (default: the router's training members).") var members: String?
    @Option(help: "Pin this member (the router's own choice is shown beside it).") var pin: String?
    @Flag(help: "Skip the dense view even if the router has one.") var sparseOnly = false
    @Flag(help: "Print the decision as JSON.") var json = false

    func run() async throws {
        let path = router ?? HerdPaths().defaultRouterFile
        let r: Router
        if router == nil && !FileManager.default.fileExists(atPath: path) {
            guard members != nil else {
                throw HerdError.other("no router at \(path): train one with `herd router train … --out \(path)`, or give --members NAME:SIZE,… for size priors")
            }
            r = Router(model: nil)
        } else {
            r = try Router.load(path: path)
        }
        let herd = try members.map { try RouterMember.parseList($0) } ?? r.trainedMembers
        guard !herd.isEmpty else { throw HerdError.noMembers("no members: give --members NAME:SIZE,…") }
        let local = ServerEndpoint(baseURL: "http://127.0.0.1", name: "routing-data")
        let memberValues = herd.map { Member(name: $0.name, endpoint: local, sizeB: $0.sizeB) }
        if let pin, !herd.contains(where: { $0.name == pin }) {
            throw ValidationError("--pin \(pin) is not a member (\(herd.map(\.name).joined(separator: ", ")))")
        }
        var embedding: [Float]? = nil
        if !sparseOnly, let m = r.model, m.denseIndex != nil, let source = m.embeddings {
            do {
                embedding = try await EmbeddingSpec(source).cache().embed([prompt]).first
            } catch {
                routerStderr("dense view unavailable (\(error)); using the sparse view")
            }
        }
        let d = r.decide(prompt: prompt, embedding: embedding, members: memberValues,
                           lambda: try lambda ?? Settings.load(streamTimeout: nil).lambda, pinned: pin)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(d), as: UTF8.self))
            return
        }
        let w = max(d.scores.map(\.member.count).max() ?? 6, 6)
        print("  " + "member".padding(toLength: w, withPad: " ", startingAt: 0) + "  confidence  utility")
        for s in d.scores.sorted(by: { ($0.utility ?? -1) > ($1.utility ?? -1) }) {
            let mark = s.member == d.chosen ? "▶ " : "  "
            let conf = s.confidence.map { String(format: "%10.3f", $0) } ?? "         —"
            let util = s.utility.map { String(format: "%8.3f", $0) } ?? "       —"
            print(mark + s.member.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + conf + " " + util + (s.isPrior ? "  (prior)" : ""))
        }
        var line = "choice: \(d.chosen)"
        if let rc = d.routerChoice, rc != d.chosen { line += " (pinned; the router would pick \(rc))" }
        if let ru = d.runnerUp { line += " · runner-up \(ru)" }
        print(line + String(format: " · λ %.3g", d.lambda))
        print("reason: \(d.reason)")
        print(String(format: "decided in %.0f µs (%@)", d.micros, d.routerVersion))
    }
}
