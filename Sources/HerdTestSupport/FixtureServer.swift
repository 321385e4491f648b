import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An in-process model server for tests, speaking either protocol byte for byte as llama-server
/// (OpenAI-compatible SSE) or Ollama (native NDJSON) do, scriptable per model: tokens, delays,
/// drops, stalls, garbage, HTTP errors. It listens on an ephemeral 127.0.0.1 port.
public final class FixtureServer: Sendable {
    public enum Flavor: String, Sendable {
        case openAI, ollama
    }

    public let flavor: Flavor
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    struct State {
        var models: [FixtureModel]
        var replies: [String: FixtureReply] = [:]
        var defaultReply = FixtureReply.tokens(["Hello", " from", " the", " fixture", "."])
        /// Replies for whole paths (e.g. a broken `/v1/models`), before any routing.
        var pathReplies: [String: (status: Int, body: String)] = [:]
        var requests: [FixtureRequest] = []
        var open = 0
        var closed = 0
        /// Longest embedding input in characters before the OpenAI flavour answers "too large".
        var maxEmbedChars = 1000
        var embedDim = 16
        /// Replies being written, by number: `stop()` cancels and awaits them before the event loop goes.
        var responders: [Int: Task<Void, Never>] = [:]
        var nextResponder = 0
        /// Accepted connections still open, closed by `stop()` while the event loop still runs.
        var children: [ObjectIdentifier: Channel] = [:]
        var stopping = false
    }

    let state: Mutex<State>
    private let group: MultiThreadedEventLoopGroup
    /// Where replies are written: the server's own event loop (see `EventLoopExecutor`).
    private let executor: EventLoopExecutor
    private let channel: Mutex<Channel?>

    private init(flavor: Flavor, port: Int, group: MultiThreadedEventLoopGroup, models: [FixtureModel]) {
        self.flavor = flavor
        self.port = port
        self.group = group
        self.executor = EventLoopExecutor(group.next())
        self.state = Mutex(State(models: models))
        self.channel = Mutex(nil)
    }

    /// Starts a server of one flavour on a free port.
    public static func start(_ flavor: Flavor, models: [FixtureModel] = FixtureModel.defaults) async throws -> FixtureServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = Mutex<FixtureServer?>(nil)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixtureHandler(server: server))
                }
            }
        let ch = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = ch.localAddress?.port else { throw LaunchError("fixture server has no port") }
        let server = FixtureServer(flavor: flavor, port: port, group: group, models: models)
        server.channel.withLock { $0 = ch }
        box.withLock { $0 = server }
        return server
    }

    /// Closes the listener and every connection, then stops the event loop.
    ///
    /// In that order: a reply still being written (a stall, a delay, a client that stopped reading)
    /// is cancelled and awaited first, so nothing writes to a channel whose event loop has shut down
    /// (SwiftNIO's "Cannot schedule tasks on an EventLoop that has already shut down").
    public func stop() async {
        let (listener, responders) = state.withLock { st -> (Channel?, [Task<Void, Never>]) in
            st.stopping = true
            return (channel.withLock { $0 }, Array(st.responders.values))
        }
        try? await listener?.close().get()
        responders.forEach { $0.cancel() }
        for r in responders { await r.value }
        let children = state.withLock { Array($0.children.values) }
        for c in children { try? await c.close().get() }
        try? await group.shutdownGracefully()
    }

    /// Starts a server, runs `body`, stops the server whatever happens.
    public static func with<T>(_ flavor: Flavor, models: [FixtureModel] = FixtureModel.defaults,
                               _ body: (FixtureServer) async throws -> T) async throws -> T {
        let s = try await start(flavor, models: models)
        do {
            let r = try await body(s)
            await s.stop()
            return r
        } catch {
            await s.stop()
            throw error
        }
    }

    // MARK: Scripting

    /// The reply for chat requests to `model`.
    public func setReply(_ reply: FixtureReply, for model: String) {
        state.withLock { $0.replies[model] = reply }
    }

    /// The reply for chat requests to models without their own.
    public func setDefaultReply(_ reply: FixtureReply) {
        state.withLock { $0.defaultReply = reply }
    }

    /// A fixed answer for a path (any method), e.g. `/v1/models` → 500.
    public func setPathReply(_ path: String, status: Int, body: String) {
        state.withLock { $0.pathReplies[path] = (status, body) }
    }

    /// `path` answers as the flavour does again.
    public func clearPathReply(_ path: String) {
        state.withLock { $0.pathReplies[path] = nil }
    }

    public func setModels(_ models: [FixtureModel]) {
        state.withLock { $0.models = models }
    }

    /// Inputs longer than this many characters get llama-server's "too large" error (OpenAI flavour).
    public func setMaxEmbedChars(_ n: Int) {
        state.withLock { $0.maxEmbedChars = n }
    }

    public var requests: [FixtureRequest] { state.withLock { $0.requests } }
    /// Connections open right now.
    public var openConnections: Int { state.withLock { $0.open - $0.closed } }
    public var closedConnections: Int { state.withLock { $0.closed } }
    /// Connections accepted since the start.
    public var acceptedConnections: Int { state.withLock { $0.open } }

    /// Waits until no connection is open (e.g. after a client cancelled); `false` on timeout.
    public func waitUntilNoConnections(timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if openConnections == 0 { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return openConnections == 0
    }

    func connectionOpened(_ channel: Channel) {
        state.withLock {
            $0.open += 1
            $0.children[ObjectIdentifier(channel)] = channel
        }
    }

    func connectionClosed(_ channel: Channel) {
        state.withLock {
            $0.closed += 1
            $0.children[ObjectIdentifier(channel)] = nil
        }
    }

    /// Answers `request` on a task of its own that `stop()` can cancel and wait for; none once stopping.
    func startResponse(to request: FixtureRequest, on channel: Channel) {
        state.withLock { st in
            guard !st.stopping else { return }
            let n = st.nextResponder
            st.nextResponder += 1
            st.responders[n] = Task(executorPreference: executor) {
                await self.respond(to: request, on: channel)
                self.state.withLock { _ = $0.responders.removeValue(forKey: n) }
            }
        }
    }

    // MARK: Serving

    func respond(to request: FixtureRequest, on channel: Channel) async {
        let s = state.withLock { st -> State in
            st.requests.append(request)
            return st
        }
        let w = Writer(channel: channel)
        if let fixed = s.pathReplies[request.path] {
            await w.whole(status: fixed.status, body: fixed.body)
            return
        }
        switch flavor {
        case .openAI: await respondOpenAI(request, s, w)
        case .ollama: await respondOllama(request, s, w)
        }
    }

    private func bodyJSON(_ r: FixtureRequest) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(r.body.utf8))) as? [String: Any]
    }

    private func respondOpenAI(_ r: FixtureRequest, _ s: State, _ w: Writer) async {
        switch (r.method, r.path) {
        case ("GET", "/v1/models"), ("GET", "/models"):
            await w.whole(status: 200, body: FixtureWire.openAIModels(s.models))
        case ("GET", "/health"):
            await w.whole(status: 200, body: "{\"status\":\"ok\"}")
        case ("POST", "/v1/chat/completions"):
            guard let req = bodyJSON(r), let model = req["model"] as? String else {
                await w.whole(status: 400, body: FixtureWire.openAIError(status: 400, message: "invalid JSON body"))
                return
            }
            guard s.models.contains(where: { $0.id == model }) else {
                await w.whole(status: 400, body: FixtureWire.openAIError(status: 400, message: "model '\(model)' not found"))
                return
            }
            let reply = s.replies[model] ?? s.defaultReply
            let logprob = req["logprobs"] as? Bool == true ? reply.logprob : nil
            await stream(reply, w, contentType: "text/event-stream", start: FixtureWire.openAIRole(model: model)) { step, n in
                switch step {
                case let .token(t): return FixtureWire.openAIToken(model: model, t, logprob: logprob)
                case let .end(reason): return FixtureWire.openAIEnd(model: model, reason: reason, promptTokens: 12, completionTokens: n)
                default: return ""
                }
            }
        case ("POST", "/v1/embeddings"):
            guard let req = bodyJSON(r), let model = req["model"] as? String else {
                await w.whole(status: 400, body: FixtureWire.openAIError(status: 400, message: "invalid JSON body"))
                return
            }
            let inputs = (req["input"] as? [String]) ?? [(req["input"] as? String) ?? ""]
            guard s.models.contains(where: { $0.id == model }) else {
                await w.whole(status: 400, body: FixtureWire.openAIError(status: 400, message: "model '\(model)' not found"))
                return
            }
            if let long = inputs.first(where: { $0.count > s.maxEmbedChars }) {
                await w.whole(status: 500, body: FixtureWire.openAIError(
                    status: 500, message: "input (\(long.count) tokens) is too large to process. increase the physical batch size"))
                return
            }
            let data = inputs.enumerated().map { i, t -> [String: Any] in
                ["object": "embedding", "index": i, "embedding": FixtureWire.embedding(t, dim: s.embedDim)]
            }
            await w.whole(status: 200, body: FixtureWire.json(["model": model, "object": "list", "data": data,
                                                               "usage": ["prompt_tokens": 1, "total_tokens": 1]]))
        default:
            await w.whole(status: 404, body: "{\"error\":{\"message\":\"File Not Found\",\"type\":\"not_found_error\",\"code\":404}}")
        }
    }

    private func respondOllama(_ r: FixtureRequest, _ s: State, _ w: Writer) async {
        let req = bodyJSON(r)
        let model = (req?["model"] as? String) ?? (req?["name"] as? String)
        let known = model.flatMap { m in s.models.first { $0.id == m } }
        switch (r.method, r.path) {
        case ("GET", "/"):
            await w.whole(status: 200, body: "Ollama is running", contentType: "text/plain; charset=utf-8")
        case ("GET", "/api/version"):
            await w.whole(status: 200, body: "{\"version\":\"0.12.6\"}")
        case ("GET", "/api/tags"):
            await w.whole(status: 200, body: FixtureWire.ollamaTags(s.models))
        case ("GET", "/api/ps"):
            await w.whole(status: 200, body: FixtureWire.ollamaPS(s.models))
        case ("POST", "/api/show"):
            guard let m = known else {
                await w.whole(status: 404, body: FixtureWire.ollamaError("model '\(model ?? "")' not found"))
                return
            }
            await w.whole(status: 200, body: FixtureWire.ollamaShow(m))
        case ("POST", "/api/chat"):
            guard let m = known else {
                await w.whole(status: 404, body: FixtureWire.ollamaError("model '\(model ?? "")' not found"))
                return
            }
            if m.embedding {
                await w.whole(status: 400, body: FixtureWire.ollamaError("\"\(m.id)\" does not support chat"))
                return
            }
            let reply = s.replies[m.id] ?? s.defaultReply
            let logprob = req?["logprobs"] as? Bool == true ? reply.logprob : nil
            await stream(reply, w, contentType: "application/x-ndjson", start: nil) { step, n in
                switch step {
                case let .token(t): return FixtureWire.ollamaToken(model: m.id, t, logprob: logprob)
                case let .end(reason): return FixtureWire.ollamaEnd(model: m.id, reason: reason, promptTokens: 12, completionTokens: n)
                default: return ""
                }
            }
        case ("POST", "/api/embed"):
            guard let m = known else {
                await w.whole(status: 404, body: FixtureWire.ollamaError("model '\(model ?? "")' not found"))
                return
            }
            let inputs = (req?["input"] as? [String]) ?? [(req?["input"] as? String) ?? ""]
            let truncate = (req?["truncate"] as? Bool) ?? true
            if !truncate, let long = inputs.first(where: { $0.count > s.maxEmbedChars }) {
                await w.whole(status: 400, body: FixtureWire.ollamaError("input length \(long.count) exceeds maximum context length"))
                return
            }
            let vectors = inputs.map { FixtureWire.embedding(String($0.prefix(s.maxEmbedChars)), dim: s.embedDim) }
            await w.whole(status: 200, body: FixtureWire.json(["model": m.id, "embeddings": vectors, "total_duration": 14_143_917,
                                                               "load_duration": 1_019_500, "prompt_eval_count": 8]))
        default:
            await w.whole(status: 404, body: "404 page not found", contentType: "text/plain")
        }
    }

    private func stream(_ reply: FixtureReply, _ w: Writer, contentType: String, start: String?,
                        encode: (FixtureReply.Step, Int) -> String) async {
        if reply.headDelay > 0 { try? await Task.sleep(nanoseconds: UInt64(reply.headDelay * 1e9)) }
        if Task.isCancelled { return }
        guard (200..<300).contains(reply.status) else {
            await w.whole(status: reply.status, body: reply.errorBody)
            return
        }
        await w.head(status: 200, contentType: contentType)
        if let start { await w.bytes(Array(start.utf8)) }
        var tokens = 0
        for step in reply.steps {
            // The server is stopping: write nothing more.
            if Task.isCancelled { return }
            switch step {
            case .token:
                tokens += 1
                await w.bytes(Array(encode(step, tokens).utf8))
            case let .raw(b):
                await w.bytes(b)
            case let .delay(d):
                try? await Task.sleep(nanoseconds: UInt64(d * 1e9))
            case .end:
                await w.bytes(Array(encode(step, tokens).utf8))
                await w.end()
                return
            case .drop:
                await w.close()
                return
            case .stall:
                return
            }
        }
        await w.end()
    }

    /// Writes response parts on a channel from outside its event loop.
    struct Writer: Sendable {
        let channel: Channel

        func head(status: Int, contentType: String, length: Int? = nil) async {
            var h = HTTPHeaders()
            h.add(name: "Server", value: "fixture")
            h.add(name: "Content-Type", value: contentType)
            if let length { h.add(name: "Content-Length", value: String(length)) }
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: h)
            try? await channel.writeAndFlush(HTTPServerResponsePart.head(head)).get()
        }

        func bytes(_ b: [UInt8]) async {
            guard !b.isEmpty else { return }
            try? await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: b)))).get()
        }

        func end() async {
            try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
        }

        func close() async {
            try? await channel.close().get()
        }

        func whole(status: Int, body: String, contentType: String = "application/json; charset=utf-8") async {
            let b = Array(body.utf8)
            await head(status: status, contentType: contentType, length: b.count)
            await bytes(b)
            await end()
        }
    }
}
