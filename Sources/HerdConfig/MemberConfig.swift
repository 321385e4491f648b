import HerdCore

/// One `[[members]]` entry: how a discovered model appears in the herd.
public struct MemberConfig: Sendable, Hashable, Codable {
    /// The name shown and used by `--model`, `/model` and the router.
    public var name: String
    /// A `[[servers]]` name; `nil` matches the model on whichever server has it.
    public var server: String?
    /// `servers = ["gpu-a", "gpu-b"]`: the model on each of these servers is one member with
    /// several replicas (whatever the servers report about it).
    public var servers: [String]?
    /// The server's model id; `nil` means the same as `name`.
    public var model: String?
    /// Parameters in billions.
    public var sizeB: Double?
    /// The member's name in routing data (`Meta-Llama-3_1-8B-Instruct`).
    public var profile: String?
    public var enabled: Bool
    /// `weak_logprob`: in a cascade, a mean token log-probability below this makes the member's answer
    /// weak (escalated); `nil`: `WeakAnswer.defaultLogprobThreshold`. Small models are less sure of
    /// every token than large ones, so one threshold for all escalates the small ones too often.
    public var weakLogprob: Double?
    /// Generation options for this member (over `[defaults]`).
    public var options = GenerationOptions()

    public init(name: String, server: String? = nil, model: String? = nil, sizeB: Double? = nil, profile: String? = nil,
                enabled: Bool = true, servers: [String]? = nil) {
        self.servers = servers
        self.name = name
        self.server = server
        self.model = model
        self.sizeB = sizeB
        self.profile = profile
        self.enabled = enabled
    }

    /// The model id on the server.
    public var modelID: String { model ?? name }
}
