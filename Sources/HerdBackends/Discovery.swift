import AsyncHTTPClient
import Foundation
import HerdCore

/// Finds the model servers and their chat members.
public struct Discovery {
    /// The default local ports: Ollama, llama-server, LM Studio, vLLM.
    public static let defaultPorts = [11434, 8080, 1234, 8000]

    /// Probes the endpoints in parallel; with none, probes 127.0.0.1 on Ollama's 11434,
    /// llama-server's 8080, LM Studio's 1234 and vLLM's 8000, plus `OLLAMA_HOST` and
    /// `OPENAI_BASE_URL` when set. Protocols are detected where not given.
    public static func run(endpoints: [ServerEndpoint], timeout: Double = 1.5) async -> DiscoveryResult {
        await run(endpoints: endpoints, timeout: timeout, environment: ProcessInfo.processInfo.environment)
    }

    /// As `run(endpoints:timeout:)`, with the environment given (tests).
    public static func run(endpoints: [ServerEndpoint], timeout: Double, environment: [String: String],
                           streamTimeout: Double = 60) async -> DiscoveryResult {
        let targets = targets(endpoints: endpoints, environment: environment)
        let statuses = await withTaskGroup(of: (Int, ServerStatus).self) { group in
            for (i, (e, byDefault)) in targets.enumerated() {
                group.addTask { (i, await probe(e, timeout: timeout, streamTimeout: streamTimeout, byDefault: byDefault)) }
            }
            var out = [ServerStatus?](repeating: nil, count: targets.count)
            for await (i, s) in group { out[i] = s }
            return out.compactMap { $0 }
        }
        return DiscoveryResult(servers: statuses, members: members(of: statuses))
    }

    /// What discovery probes: the endpoints given, else the defaults (`defaultEndpoints`); the flag
    /// marks the default ports.
    public static func targets(endpoints: [ServerEndpoint], environment: [String: String]) -> [(ServerEndpoint, Bool)] {
        endpoints.isEmpty ? defaultEndpoints(environment: environment) : endpoints.map { ($0, false) }
    }

    /// What is probed when nothing is configured; the flag marks the default ports.
    public static func defaultEndpoints(environment: [String: String]) -> [(ServerEndpoint, Bool)] {
        var out: [(ServerEndpoint, Bool)] = []
        func add(_ e: ServerEndpoint, _ byDefault: Bool) {
            if let i = out.firstIndex(where: { $0.0.baseURL == e.baseURL }) {
                if !byDefault { out[i] = (e, false) }
            } else {
                out.append((e, byDefault))
            }
        }
        for port in defaultPorts { add(ServerEndpoint(baseURL: "http://127.0.0.1:\(port)"), true) }
        if let host = environment["OLLAMA_HOST"], !host.isEmpty {
            add(ServerEndpoint(baseURL: ollamaHostURL(host), proto: .ollama), false)
        }
        if let base = environment["OPENAI_BASE_URL"], !base.isEmpty {
            add(ServerEndpoint(baseURL: base, proto: .openAI, apiKeyEnv: "OPENAI_API_KEY"), false)
        }
        return out
    }

    /// `OLLAMA_HOST` may be `host`, `host:port`, `:port` or a URL; `0.0.0.0` (listen on all) means loopback here.
    static func ollamaHostURL(_ raw: String) -> String {
        var s = raw.trimmingCharacters(in: .whitespaces)
        var scheme = "http"
        if let r = s.range(of: "://") {
            scheme = String(s[..<r.lowerBound])
            s = String(s[r.upperBound...])
        }
        while s.hasSuffix("/") { s.removeLast() }
        var host = s
        var port = "11434"
        if let colon = s.lastIndex(of: ":"), !s.hasSuffix("]") {
            host = String(s[..<colon])
            port = String(s[s.index(after: colon)...])
        }
        if host.isEmpty || host == "0.0.0.0" { host = "127.0.0.1" }
        return "\(scheme)://\(host):\(port)"
    }

    static func probe(_ endpoint: ServerEndpoint, timeout: Double, streamTimeout: Double, byDefault: Bool) async -> ServerStatus {
        var e = endpoint
        let streamTimeout = e.timeout ?? streamTimeout
        if e.proto == nil {
            let r = await ProtocolDetector.detect(e, timeout: timeout)
            guard let p = r.proto else {
                // A server the user listed gets a client that finds its protocol when it answers, so
                // that a member's replica on it comes up with the server; the default ports do not.
                let later = byDefault ? nil : UndetectedServer(endpoint: e, streamTimeout: streamTimeout, probeTimeout: max(timeout, 3))
                return ServerStatus(endpoint: e, proto: nil, reachable: r.reachable, error: r.error, server: later,
                                    probedByDefault: byDefault)
            }
            e.proto = p
            if let models = r.openAIModels, p == .openAI {
                // Detection already fetched the list: no second round trip.
                return ServerStatus(endpoint: e, proto: p, reachable: true, models: models,
                                    server: Backends.make(e, proto: p, streamTimeout: streamTimeout), probedByDefault: byDefault)
            }
        }
        let server = Backends.make(e, proto: e.proto!, streamTimeout: streamTimeout)
        do {
            let models: [ModelInfo]
            switch server {
            case let s as OllamaServer: models = try await s.models(timeout: timeout)
            case let s as OpenAIServer: models = try await s.models(timeout: timeout)
            default: models = try await server.models()
            }
            return ServerStatus(endpoint: e, proto: e.proto, reachable: true, models: models, server: server, probedByDefault: byDefault)
        } catch {
            var reachable = true
            if let h = error as? HerdError, case .unreachable = h { reachable = false }
            return ServerStatus(endpoint: e, proto: e.proto, reachable: reachable, error: "\(error)", server: server,
                                probedByDefault: byDefault)
        }
    }

    /// Chat members of reachable servers. A model that several servers offer is one member with
    /// several replicas when nothing the servers report tells the copies apart (`sameModel`);
    /// otherwise the later copy is a member of its own, named `id@host:port`.
    public static func members(of servers: [ServerStatus]) -> [Member] {
        var out: [Member] = []
        var infos: [ModelInfo] = []
        var taken = Set<String>()
        for s in servers where s.reachable {
            for m in s.models where m.canChat {
                if let i = out.indices.first(where: { out[$0].modelID == m.id && sameModel(infos[$0], m)
                    && !out[$0].replicas.contains { $0.baseURL == s.endpoint.baseURL } }) {
                    out[i].replicas.append(s.endpoint)
                    if out[i].loaded != true, let l = m.loaded { out[i].loaded = l }
                    continue
                }
                let name = taken.contains(m.id) ? "\(m.id)@\(s.endpoint.name)" : m.id
                taken.insert(name)
                out.append(Member(name: name, modelID: m.id, endpoint: s.endpoint, sizeB: m.sizeB, loaded: m.loaded,
                                  aliases: m.aliases, instructTuned: m.instructTuned))
                infos.append(m)
            }
        }
        return out
    }

    /// Two listings of one model id are the same model unless what both servers report differs:
    /// the digest where both give one, else the size and the quantization where both give them.
    static func sameModel(_ a: ModelInfo, _ b: ModelInfo) -> Bool {
        if let x = a.digest, let y = b.digest { return x == y }
        if let x = a.sizeB, let y = b.sizeB, abs(x - y) > 0.01 * max(x, y) { return false }
        if let x = a.quantization, let y = b.quantization, x.lowercased() != y.lowercased() { return false }
        return true
    }
}
