import HerdCore

/// A member to benchmark: the name its scores are recorded under, its model id and its server.
public struct BenchMember: Sendable {
    /// The key in the output's `scores`, `answers`, `seconds` and `errors`.
    public var name: String
    /// The model id sent to the server.
    public var modelID: String
    public var server: any ModelServer

    public init(name: String, modelID: String? = nil, server: any ModelServer) {
        self.name = name
        self.modelID = modelID ?? name
        self.server = server
    }

    /// Members that share this key share a server, and with it the concurrency limit.
    var serverKey: String { server.endpoint.baseURL }
}
