import HerdCore

/// What discovery learned about one server.
public struct ServerStatus: Sendable {
    /// The endpoint, with `proto` filled in when it was detected.
    public var endpoint: ServerEndpoint
    public var proto: ServerProtocol?
    public var reachable: Bool
    /// Why the server is unreachable or could not list its models.
    public var error: String?
    /// Every model the server lists, embedding-only ones included (`canChat == false`).
    public var models: [ModelInfo]
    /// A client for it, when the protocol is known.
    public var server: (any ModelServer)?
    /// `true` for a default port probed because nothing was configured (absence is normal there).
    public var probedByDefault: Bool

    public init(endpoint: ServerEndpoint, proto: ServerProtocol?, reachable: Bool, error: String? = nil,
                models: [ModelInfo] = [], server: (any ModelServer)? = nil, probedByDefault: Bool = false) {
        self.endpoint = endpoint
        self.proto = proto
        self.reachable = reachable
        self.error = error
        self.models = models
        self.server = server
        self.probedByDefault = probedByDefault
    }
}
