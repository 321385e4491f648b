import Foundation
import HerdBackends
import HerdConfig
import HerdCore
import HerdRouter

/// What the command line, the environment and the config file say, merged: the flags win.
public struct Settings: Sendable {
    /// The config file's servers; `--server` and `HERD_SERVERS` come before them (see `HerdRuntime.discover`).
    public var servers: [ServerEndpoint] = []
    public var lambda: Lambda = .default
    public var routerPath: String?
    public var streamTimeout: Double = HerdConfig.defaultStreamTimeout
    public var theme: String = HerdConfig.defaultTheme
    public var dataDir: String
    public var themeDirs: [String]
    /// Where the shipped public router may be (`HerdPaths.publicRouterFiles`).
    public var publicRouterFiles: [String] = []
    /// Generation options from the command line (`herd chat --temperature …`): the session's, over the config's.
    public var generation = GenerationOptions()
    /// The config file as read (the default config when there is none).
    public var config = HerdConfig()
    /// Where the config was read from.
    public var configFile: String
    /// The environment the settings were read with, kept for the rest of the command (`HERD_SERVERS`,
    /// `OLLAMA_HOST`, …): each read of the process's builds a dictionary of every variable.
    public var environment: [String: String] = [:]

    /// Reads the config file (`HERD_CONFIG`, XDG paths); a missing file is the default config.
    ///
    /// - Throws: `ConfigError` naming the file and every bad line: Herd never runs on a config
    ///   it only half understood.
    /// - Parameter streamTimeout: `--timeout`, which wins over the config.
    public static func load(streamTimeout: Double?, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        try load(environment: env).overriding(streamTimeout: streamTimeout)
    }

    /// The config file's settings alone, before any command-line flag (see `load(streamTimeout:environment:)`).
    public static func load(environment env: [String: String]) throws -> Settings {
        let paths = HerdPaths(environment: env)
        let config = try ConfigLoader.load(paths: paths)
        var s = Settings(dataDir: paths.dataDir, themeDirs: paths.themeDirs, configFile: paths.configFile,
                         knownServersFile: paths.knownServersFile, databaseFile: paths.databaseFile)
        s.publicRouterFiles = paths.publicRouterFiles
        s.environment = env
        s.config = config
        s.servers = config.endpoints
        s.lambda = config.router.lambda
        if config.router.model != nil { s.routerPath = config.router.modelPath(dataDir: paths.dataDir) }
        s.theme = config.theme
        s.streamTimeout = config.streamTimeout
        return s
    }

    /// These settings with `--timeout` applied: it wins over the config, per-server timeouts included.
    public func overriding(streamTimeout: Double?) -> Settings {
        guard let streamTimeout else { return self }
        var s = self
        s.streamTimeout = streamTimeout
        for i in s.servers.indices { s.servers[i].timeout = nil }
        return s
    }

    /// Where the last discovery is remembered (`KnownServers`, `HerdPaths.knownServersFile`).
    public var knownServersFile: String
    /// The history database (`HerdPaths.databaseFile`).
    public var databaseFile: String

    /// The herd's own answers to the calibration suite (`herd calibrate`), in the data folder.
    public var calibrationData: String { dataDir + "/calibration.jsonl" }

    /// The default place of the trained router.
    public var defaultRouterPath: String { dataDir + "/router.json" }

    /// The user's router from `--router`, the config, or the data folder (none yet: `nil`), with the
    /// shipped public router behind it for members whose profile it knows; priors for the rest.
    ///
    /// - Throws: when a user's router file is named or present but unreadable. A missing or damaged
    ///   public router does not stop Herd: routing falls back to priors, and `problem` says why.
    public func loadRouter(override: String?) throws -> (router: Router, problem: String?) {
        var personal: RouterModel?
        if let path = override ?? routerPath {
            personal = try RouterModel.load(from: path)
        } else if FileManager.default.fileExists(atPath: defaultRouterPath) {
            personal = try RouterModel.load(from: defaultRouterPath)
        }
        do {
            return (Router(model: personal, publicModel: try loadPublicRouter()), nil)
        } catch {
            return (Router(model: personal), "\(error); members without your data are routed by size")
        }
    }

    /// The shipped router, or an error saying where it was looked for and what is wrong.
    public func loadPublicRouter() throws -> RouterModel {
        guard let path = publicRouterFiles.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw HerdError.other("the public router (\(HerdPaths.publicRouterName)) is not installed: looked in \(publicRouterFiles.joined(separator: ", "))")
        }
        return try RouterModel.load(from: path)
    }

    /// Members as the config describes them (names, sizes, profiles); disabled ones left out.
    /// `unanswered`: servers that gave discovery no model list (`DiscoveryResult.unanswered`); a
    /// member's listed replica on one of them is kept, and shows as down.
    public func applyConfig(to members: [Member], unanswered: Set<String> = []) -> [Member] {
        config.apply(to: members, unanswered: unanswered).filter(\.enabled)
    }

    /// The herd as every command sees it: the config applied, then each member without a `profile =`
    /// mapped to the public routing data where the router knows its model.
    public func herd(_ discovered: [Member], router: Router, unanswered: Set<String> = []) -> [Member] {
        router.profiled(applyConfig(to: discovered, unanswered: unanswered))
    }

    /// The herd of a discovery as every command sees it (see `herd(_:router:unanswered:)`).
    public func herd(_ discovery: DiscoveryResult, router: Router) -> [Member] {
        herd(discovery.members, router: router, unanswered: discovery.unanswered)
    }
}
