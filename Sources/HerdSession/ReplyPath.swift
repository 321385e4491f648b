import Foundation
import HerdBackends
import HerdCore
import HerdRouter

/// The one way from a prompt to a streamed reply, for `herd ask` and the TUI alike: the router
/// decides among the members, the member's server is found, the reply streams.
public struct ReplyPath: Sendable {
    public let runtime: HerdRuntime
    /// The members as the config describes them (disabled ones left out).
    public let members: [Member]
    public let router: Router

    public init(runtime: HerdRuntime, members: [Member], router: Router) {
        self.runtime = runtime
        self.members = members
        self.router = router
    }

    /// The router's decision, or `pin` when given; members in `exclude` and unreachable ones are passed over.
    /// - Throws: `HerdError.noMembers` when no member can take the message.
    public func decide(prompt: String, history: [ChatMessage] = [], lambda: Lambda, pin: String? = nil,
                       exclude: [String] = []) throws -> Decision {
        guard !members.isEmpty else {
            throw HerdError.noMembers(runtime.serverProblems ?? "no member to answer: no model server was found")
        }
        let d = router.decide(prompt: prompt, history: history, members: members, lambda: lambda, pinned: pin,
                              unavailable: unavailable.union(exclude), costs: measuredCosts)
        if !members.contains(where: { $0.name == d.chosen }) || (pin == nil && d.routerChoice == nil) {
            throw HerdError.noMembers("no reachable member can take the message")
        }
        return d
    }

    /// Members none of whose replicas answers (unreachable when found, or down since).
    public var unavailable: Set<String> { runtime.unreachable(among: members) }

    /// The measured time to first token (its quickest replica that is not down) of each available
    /// member that has one; the router estimates the others from these (`CostEstimate`). Members
    /// that are down have none: they are passed over anyway. `nil` until a member was measured
    /// (the router then goes by sizes).
    public var measuredCosts: [String: Double]? {
        let health = runtime.fleet.snapshot
        let down = unavailable
        var costs: [String: Double] = [:]
        for m in members where !down.contains(m.name) {
            if let t = health.latency(m.replicas.map(\.baseURL), model: m.modelID) { costs[m.name] = t }
        }
        return costs.isEmpty ? nil : costs
    }

    /// The member called `name` with a server to stream from.
    /// - Throws: `HerdError.noMembers` naming the member when it has no reachable server.
    public func server(for name: String) throws -> (Member, any ModelServer) {
        guard let member = members.first(where: { $0.name == name }), let server = runtime.server(for: member) else {
            throw HerdError.noMembers("\(name) is not reachable")
        }
        return (member, server)
    }

    /// The options of `request` that the member called `name` would not receive: OpenAI-compatible
    /// servers take no context size per request (`num_ctx`), they fix it when they start. Empty when
    /// everything is sent (or the member is unknown).
    public func unsent(_ request: ChatRequest, to name: String) -> [GenerationOptions.Setting] {
        guard let (member, server) = try? self.server(for: name) else { return [] }
        return Backends.unsent(request.options.over(member.options ?? GenerationOptions()), to: server)
    }

    /// Streams `request` from the member called `name` (the request's model becomes the member's
    /// model id). `onEvent` runs on the task that reads the socket, for each event in order: no
    /// hop per token, which is most of a fast stream's CPU. Cancelling the calling task closes the connection.
    /// `onStep` hears each move from a failed replica to another (see `ReplicatedServer`).
    public func stream(_ request: ChatRequest, from name: String, onStep: @escaping @Sendable (FailoverStep) -> Void = { _ in },
                       onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let (member, server) = try self.server(for: name)
        var req = request
        req.model = member.modelID
        // What the session set (`/set`, `herd ask --temperature`) wins over the member's config.
        req.options = request.options.over(member.options ?? GenerationOptions())
        if let replicated = server as? ReplicatedServer {
            try await replicated.chat(req, onStep: onStep, onEvent: onEvent)
        } else {
            try await server.chat(req, onEvent: onEvent)
        }
    }
}
