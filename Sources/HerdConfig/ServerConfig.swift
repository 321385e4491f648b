import HerdCore

/// One `[[servers]]` entry: a model server Herd talks to.
public struct ServerConfig: Sendable, Hashable, Codable {
    /// The name members refer to with `server = "…"`; defaults to `host:port`.
    public var name: String
    /// Base URL, with or without `/v1`.
    public var url: String
    /// `nil`: detect.
    public var proto: ServerProtocol?
    /// Name of an environment variable that holds a bearer token.
    public var apiKeyEnv: String?
    /// `timeout = SECONDS`: this server's stream timeout, overriding `stream_timeout`.
    public var timeout: Double?
    /// `ca_file`, `client_cert`, `client_key`: certificates for an https server (paths as resolved).
    public var tls: TLSFiles?

    public init(name: String? = nil, url: String, proto: ServerProtocol? = nil, apiKeyEnv: String? = nil, timeout: Double? = nil,
                tls: TLSFiles? = nil) {
        self.timeout = timeout
        self.tls = tls
        self.url = url
        self.proto = proto
        self.apiKeyEnv = apiKeyEnv
        self.name = name ?? ServerEndpoint(baseURL: url).name
    }

    /// The endpoint to connect to.
    public var endpoint: ServerEndpoint {
        ServerEndpoint(baseURL: url, proto: proto, apiKeyEnv: apiKeyEnv, name: name, timeout: timeout, tls: tls)
    }
}
