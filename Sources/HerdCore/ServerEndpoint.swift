/// Where a model server lives and how to talk to it.
public struct ServerEndpoint: Sendable, Hashable, Codable {
    /// Base URL without a trailing slash and without the `/v1` suffix, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String
    /// The protocol, when known; `nil` means "detect".
    public var proto: ServerProtocol?
    /// Name of an environment variable that holds a bearer token (never the token itself).
    public var apiKeyEnv: String?
    /// A short name for messages and the panel; defaults to `host:port`.
    public var name: String
    /// Seconds without a byte before a request to this server is given up; `nil`: the global
    /// `stream_timeout` (a remote endpoint may need longer, or a local one shorter).
    public var timeout: Double?
    /// A private CA or a client certificate for this https server (`ca_file`, `client_cert`, `client_key`).
    public var tls: TLSFiles?

    public init(baseURL: String, proto: ServerProtocol? = nil, apiKeyEnv: String? = nil, name: String? = nil,
                timeout: Double? = nil, tls: TLSFiles? = nil) {
        self.timeout = timeout
        self.tls = tls
        let normalized = ServerEndpoint.normalize(baseURL)
        self.baseURL = normalized
        self.proto = proto
        self.apiKeyEnv = apiKeyEnv
        self.name = name ?? ServerEndpoint.hostPort(of: normalized)
    }

    /// Accepts a URL with or without scheme, trailing slash or `/v1` suffix.
    public static func normalize(_ raw: String) -> String {
        var s = raw.trimmedWhitespace
        if !s.contains("://") { s = "http://" + s }
        while s.hasSuffix("/") { s.removeLast() }
        if s.hasSuffix("/v1") { s.removeLast(3) }
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    /// Whether the server is on this machine by its address: `localhost`, 127.0.0.0/8 or `::1`.
    /// (A server reached by one of the machine's other addresses is not recognised.) The one rule
    /// for both uses: reading a model's GGUF file by the path the server gives, and reading a
    /// stream at low priority (`StreamPriority`).
    public var isOnThisMachine: Bool {
        var rest = Substring(ServerEndpoint.hostPort(of: baseURL))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[rest.index(after: rest.startIndex)..<close]
        } else {
            host = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? rest
        }
        let h = host.lowercased()
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        let loopbackV4 = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return h == "localhost" || h == "::1" || loopbackV4
    }

    static func hostPort(of url: String) -> String {
        guard let r = url.range(of: "://") else { return url }
        return String(url[r.upperBound...])
    }
}

import Foundation
