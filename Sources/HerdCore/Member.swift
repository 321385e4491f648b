/// One model of the user's herd: a model id on a server, with what Herd knows about it.
public struct Member: Sendable, Hashable, Codable, Identifiable {
    /// The name shown to the user and used by `--model`, `/model` and the router.
    public var name: String
    /// The server's model id (often equal to `name`).
    public var modelID: String
    public var endpoint: ServerEndpoint
    /// Parameter count in billions, when known (cost and cold-start prior).
    public var sizeB: Double?
    /// The name this member has in routing data (`llama3.1:8b` → `Meta-Llama-3_1-8B-Instruct`).
    public var profile: String?
    public var enabled: Bool
    /// Loaded in memory right now, when the server says.
    public var loaded: Bool?
    public var id: String { name }

    public init(name: String, modelID: String? = nil, endpoint: ServerEndpoint, sizeB: Double? = nil,
                profile: String? = nil, enabled: Bool = true, loaded: Bool? = nil) {
        self.name = name
        self.modelID = modelID ?? name
        self.endpoint = endpoint
        self.sizeB = sizeB
        self.profile = profile
        self.enabled = enabled
        self.loaded = loaded
    }

    /// The key under which routing data and the router know this member.
    public var routingName: String { profile ?? name }
}
