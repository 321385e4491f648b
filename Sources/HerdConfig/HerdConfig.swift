import HerdCore

/// Everything `config.toml` says. Every field has a default, so a missing file is a valid empty config.
public struct HerdConfig: Sendable, Hashable, Codable {
    public var servers: [ServerConfig]
    public var members: [MemberConfig]
    public var router: RouterConfig
    /// A theme name (`themes/NAME.yaml`).
    public var theme: String
    /// Seconds without a byte before a stream is given up.
    public var streamTimeout: Double
    public var keys: KeyBindings
    /// `[defaults]`: generation options for every member (a member's own entry overrides them).
    public var defaults = GenerationOptions()

    public static let defaultTheme = "herd-dark"
    public static let defaultStreamTimeout = 60.0

    public init(servers: [ServerConfig] = [], members: [MemberConfig] = [], router: RouterConfig = RouterConfig(),
                theme: String = HerdConfig.defaultTheme, streamTimeout: Double = HerdConfig.defaultStreamTimeout,
                keys: KeyBindings = KeyBindings()) {
        self.servers = servers
        self.members = members
        self.router = router
        self.theme = theme
        self.streamTimeout = streamTimeout
        self.keys = keys
    }

    /// The configured servers, to probe instead of the default ports.
    public var endpoints: [ServerEndpoint] { servers.map(\.endpoint) }

    public func server(named name: String) -> ServerConfig? { servers.first { $0.name == name } }

    /// `true` when the `[[servers]]` entry called `name` is the server at `baseURL`.
    func isServer(_ name: String, at baseURL: String) -> Bool {
        server(named: name).map { ServerEndpoint.normalize($0.url) == baseURL } ?? false
    }

    /// The `[[members]]` entry for a discovered member: same model id (or name) and, when the entry names a
    /// server, on that server.
    public func memberConfig(for m: Member) -> MemberConfig? {
        let onServer = members.filter { c in
            if let list = c.servers { return list.contains { isServer($0, at: m.endpoint.baseURL) } }
            guard let s = c.server else { return true }
            return isServer(s, at: m.endpoint.baseURL)
        }
        return onServer.first { ($0.server != nil || $0.servers != nil) && $0.modelID == m.modelID }
            ?? onServer.first { $0.modelID == m.modelID }
            ?? onServer.first { $0.name == m.name }
    }

    /// Discovered members as the config describes them: renamed, sized, profiled, and `enabled = false` where
    /// the config disables them (kept in the list so the panel can show them greyed; filter on `enabled`).
    /// `unanswered`: base URLs of servers that gave discovery no model list (see `groupReplicas`).
    public func apply(to discovered: [Member], unanswered: Set<String> = []) -> [Member] {
        groupReplicas(discovered, unanswered: unanswered).map { m in
            var m = m
            m.options = options(for: memberConfig(for: m))
            guard let c = memberConfig(for: m) else { return m }
            m.name = c.name
            if let s = c.sizeB { m.sizeB = s }
            if let p = c.profile { m.profile = p }
            m.weakLogprob = c.weakLogprob
            m.enabled = c.enabled
            return m
        }
    }

    /// A member's generation options: its own entry over `[defaults]`; `nil` when neither sets any.
    func options(for entry: MemberConfig?) -> GenerationOptions? {
        let o = (entry?.options ?? GenerationOptions()).over(defaults)
        return o.isEmpty ? nil : o
    }
}
