/// One model of the user's herd: a model id on a server, with what Herd knows about it.
public struct Member: Sendable, Hashable, Codable, Identifiable {
    /// The name shown to the user and used by `--model`, `/model` and the router.
    public var name: String
    /// The server's model id (often equal to `name`).
    public var modelID: String
    public var endpoint: ServerEndpoint
    /// Every server that serves this model, `endpoint` first: a request goes to whichever of these
    /// replicas is healthy and least busy, and fails over to another.
    public var replicas: [ServerEndpoint]
    /// Parameter count in billions, when known (cost and cold-start prior).
    public var sizeB: Double?
    /// The name this member has in routing data (`llama3.1:8b` → `Meta-Llama-3_1-8B-Instruct`).
    public var profile: String?
    public var enabled: Bool
    /// Loaded in memory right now, when the server says.
    public var loaded: Bool?
    /// Other names of the model (GGUF file, published name), tried after `modelID` when mapping a profile.
    public var aliases: [String]
    /// Instruction-tuned, when the server tells; a base model continues text rather than answering.
    public var instructTuned: Bool?
    /// Generation options from the config (the member's entry over `[defaults]`); `nil` when it sets none.
    public var options: GenerationOptions?
    /// The config's `weak_logprob`: the mean token log-probability below which this member's answer in a
    /// cascade is weak; `nil`: `WeakAnswer.defaultLogprobThreshold` (see `WeakAnswer.logprobThreshold(of:)`).
    public var weakLogprob: Double?
    public var id: String { name }

    public init(name: String, modelID: String? = nil, endpoint: ServerEndpoint, sizeB: Double? = nil,
                profile: String? = nil, enabled: Bool = true, loaded: Bool? = nil, aliases: [String] = [],
                instructTuned: Bool? = nil, replicas: [ServerEndpoint]? = nil) {
        self.name = name
        self.replicas = replicas ?? [endpoint]
        self.modelID = modelID ?? name
        self.endpoint = endpoint
        self.sizeB = sizeB
        self.profile = profile
        self.enabled = enabled
        self.loaded = loaded
        self.aliases = aliases
        self.instructTuned = instructTuned
    }

    /// What the member's names say about it, with the server's word on instruction tuning.
    public var identity: ModelIdentity {
        var id = ModelIdentity(parsing: modelID)
        if id.family == nil || id.sizeB == nil, let other = aliases.lazy.map(ModelIdentity.init(parsing:)).first(where: { $0.family != nil }) {
            if id.family == nil { id = other } else if id.sizeB == nil, other.family == id.family { id.sizeB = other.sizeB }
        }
        if let tuned = instructTuned { id.variant = tuned ? .instruct : .base }
        return id
    }

}
