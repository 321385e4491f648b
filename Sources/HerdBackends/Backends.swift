import AsyncHTTPClient
import Foundation
import HerdCore

/// Entry points: which servers to use, and a `ModelServer` for each.
public enum Backends {
    /// A server for an endpoint; detects the protocol when `endpoint.proto` is nil (Ollama when
    /// `/api/tags` answers with a model list, else OpenAI-compatible). An unreachable server
    /// still gets an `OpenAIServer`, whose calls then fail with `HerdError.unreachable`.
    public static func server(for endpoint: ServerEndpoint, streamTimeout: Double = 60) async -> any ModelServer {
        let streamTimeout = endpoint.timeout ?? streamTimeout
        if let proto = endpoint.proto { return make(endpoint, proto: proto, streamTimeout: streamTimeout) }
        let probe = await ProtocolDetector.detect(endpoint, timeout: min(streamTimeout, 3))
        var e = endpoint
        e.proto = probe.proto ?? .openAI
        return make(e, proto: e.proto!, streamTimeout: streamTimeout)
    }

    /// A server for an endpoint whose protocol is known; no network.
    public static func make(_ endpoint: ServerEndpoint, proto: ServerProtocol, streamTimeout: Double = 60,
                            client: HTTPClient = .herd) -> any ModelServer {
        var e = endpoint
        e.proto = proto
        switch proto {
        case .ollama: return OllamaServer(endpoint: e, streamTimeout: streamTimeout, client: client)
        case .openAI: return OpenAIServer(endpoint: e, streamTimeout: streamTimeout, client: client)
        }
    }

    /// The options a server would not receive with a chat request (see `OpenAIChatBody.unsent`); Ollama takes all.
    public static func unsent(_ options: GenerationOptions, to server: any ModelServer) -> [GenerationOptions.Setting] {
        // A member on several servers: what one of its OpenAI-compatible replicas would drop.
        if let r = server as? ReplicatedServer {
            let all = r.member.replicas.compactMap { r.fleet.server(at: $0.baseURL) }
            return !all.isEmpty && all.allSatisfy(speaksOllama) ? [] : OpenAIChatBody.unsent(options)
        }
        return speaksOllama(server) ? [] : OpenAIChatBody.unsent(options)
    }

    /// An Ollama client, or a listed server found to be Ollama (`UndetectedServer`).
    static func speaksOllama(_ server: any ModelServer) -> Bool {
        server is OllamaServer || (server as? UndetectedServer)?.client is OllamaServer
    }

    /// The endpoints the user asked for: `--server` values when given, else `HERD_SERVERS`
    /// (comma-separated). Empty means "discover". Duplicates (same base URL) are dropped.
    /// - Throws: `HerdError.badInput` naming `--server` or `HERD_SERVERS` and the bad value.
    public static func endpoints(cli: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [ServerEndpoint] {
        var out: [ServerEndpoint] = []
        func add(_ e: ServerEndpoint) {
            if !out.contains(where: { $0.baseURL == e.baseURL }) { out.append(e) }
        }
        if !cli.isEmpty {
            for raw in cli { add(try ServerEndpoint.parse(raw, source: "--server")) }
            return out
        }
        if let env = environment["HERD_SERVERS"] {
            for raw in env.split(separator: ",") where !raw.trimmedWhitespace.isEmpty {
                add(try ServerEndpoint.parse(String(raw), source: "HERD_SERVERS"))
            }
        }
        return out
    }
}
