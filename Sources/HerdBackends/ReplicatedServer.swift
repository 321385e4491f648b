import Foundation
import HerdCore
import Synchronization

/// A member served by one or more replicas, as one server: each request goes to the replica the
/// fleet picks (healthy, least busy, quickest to start) and moves on when that replica fails.
///
/// A failure before the first token sends the request to another replica at once; the caller sees
/// nothing but the log and `onStep`. A stream that dies mid-way continues on another replica: over
/// the OpenAI protocol the partial answer goes back as a final assistant message, which llama-server
/// continues; over Ollama's the answer starts over after a blank line. Either way every token already
/// handed to `onEvent` stays handed over, and `onStep` says what happened.
public struct ReplicatedServer: InlineStreaming {
    public let member: Member
    public let fleet: Fleet

    public init(member: Member, fleet: Fleet) {
        self.member = member
        self.fleet = fleet
    }

    public var endpoint: ServerEndpoint { member.endpoint }

    public func models() async throws -> [ModelInfo] {
        guard let s = fleet.pick(member).flatMap(fleet.server(at:)) else { throw noReplica() }
        return try await s.models()
    }

    public func embed(_ texts: [String], model: String) async throws -> [[Float]] {
        guard let s = fleet.pick(member).flatMap(fleet.server(at:)) else { throw noReplica() }
        return try await s.embed(texts, model: model)
    }

    public func health() async -> Bool {
        guard let s = fleet.pick(member).flatMap(fleet.server(at:)) else { return false }
        return await s.health()
    }

    public func chat(_ request: ChatRequest, onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        try await chat(request, onStep: { _ in }, onEvent: onEvent)
    }

    /// Streams `request` (its model becomes the member's model id) from the best replica, failing
    /// over as the type's documentation says; `onStep` hears of each move, before the new replica's first token.
    /// - Throws: the last replica's error when none is left, or at once an error that says nothing
    ///   about the server (a bad request).
    public func chat(_ request: ChatRequest, onStep: @escaping @Sendable (FailoverStep) -> Void,
                     onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        var tried = Set<String>()
        var partial = ""
        var tokensBefore = 0
        var lastError: Error?
        var next = fleet.claim(member)
        while let key = next {
            tried.insert(key)
            guard let server = fleet.server(at: key) else {
                fleet.record { $0.abandoned(key) }
                next = fleet.claim(member, excluding: tried)
                continue
            }
            var req = request
            req.model = member.modelID
            let echo = EchoFilter(prefix: "")
            if !partial.isEmpty, Self.continuesPartial(server) {
                req.messages.append(ChatMessage(role: .assistant, content: partial))
                echo.expect(partial)
                // The answer's length limit holds for the whole answer, not for each replica's part.
                if let limit = request.maxTokens { req.maxTokens = max(1, limit - tokensBefore) }
            }
            let attempt = Attempt()
            let fleet = self.fleet
            let started = fleet.now
            let earlier = tokensBefore
            let model = req.model
            let siblings = member.replicas.map(\.baseURL)
            do {
                try await server.chat(req) { event in
                    switch event {
                    case let .token(raw):
                        guard let t = echo.pass(raw) else { return }
                        if attempt.add(t) { fleet.record { $0.firstToken(key, model: model, after: fleet.now - started, siblings: siblings) } }
                        onEvent(.token(t))
                    case var .done(summary):
                        // The answer's tokens across replicas, not only the last one's.
                        if earlier > 0, let n = summary.completionTokens { summary.completionTokens = n + earlier }
                        onEvent(.done(summary))
                    }
                }
                fleet.record { $0.succeeded(key, now: fleet.now) }
                return
            } catch {
                if error is CancellationError || Task.isCancelled {
                    fleet.record { $0.abandoned(key) }
                    throw error
                }
                guard let failure = ReplicaFailure(error) else {
                    fleet.record { $0.abandoned(key) }
                    throw error
                }
                fleet.record { $0.failed(key, failure, now: fleet.now) }
                if !failure.opensCircuit { fleet.probeSoon(key) }
                lastError = error
                let (text, count) = attempt.taken
                partial += text
                tokensBefore += count
                next = fleet.claim(member, excluding: tried)
                let from = fleet.server(at: key)?.endpoint.name ?? key
                let nextServer = next.flatMap(fleet.server(at:))
                let continued = !partial.isEmpty && nextServer.map(Self.continuesPartial) == true
                onStep(FailoverStep(from: from, to: nextServer?.endpoint.name ?? next, tokensBefore: count,
                                    continued: continued, cause: failure.cause))
                // An answer that starts over begins on a paragraph of its own, after what was already shown.
                if next != nil, count > 0, !continued { onEvent(.token("\n\n")) }
            }
        }
        throw lastError ?? noReplica()
    }

    /// Whether a server continues a final assistant message instead of answering anew: llama-server
    /// does (the OpenAI protocol here); Ollama's templates differ, so its answers start over.
    static func continuesPartial(_ server: any ModelServer) -> Bool {
        (server.endpoint.proto ?? .openAI) == .openAI
    }

    private func noReplica() -> HerdError {
        let (up, total) = fleet.upCount(of: member)
        return .noMembers("\(member.name) is not reachable: no replica is up (\(up)/\(total) up)")
    }
}

/// Drops the partial answer a server repeats at the start of its continuation (llama-server's first
/// delta holds the prefilled assistant text and the first new token), passing the rest through.
final class EchoFilter: Sendable {
    /// What is still expected to come back, and what has been held while it matched.
    private let state: Mutex<(expected: String, held: String)>

    init(prefix: String) { state = Mutex((prefix, "")) }

    func expect(_ prefix: String) { state.withLock { $0 = (prefix, "") } }

    /// The text to hand on for a token, `nil` while it may still be the echo.
    func pass(_ token: String) -> String? {
        state.withLock { s in
            if s.expected.isEmpty { return token }
            if token.hasPrefix(s.expected) {
                let rest = String(token.dropFirst(s.expected.count))
                s = ("", "")
                return rest.isEmpty ? nil : rest
            }
            if s.expected.hasPrefix(token) {
                s.expected.removeFirst(token.count)
                s.held += token
                return nil
            }
            // Not an echo after all: what was held is the server's own text.
            let out = s.held + token
            s = ("", "")
            return out
        }
    }
}

/// What one attempt streamed, shared with the reading task's callback.
private final class Attempt: Sendable {
    private let state = Mutex((text: "", count: 0))

    /// Adds a token; `true` for the first.
    func add(_ t: String) -> Bool {
        state.withLock { s in
            s.text += t
            s.count += 1
            return s.count == 1
        }
    }

    var taken: (String, Int) { state.withLock { ($0.text, $0.count) } }
}
