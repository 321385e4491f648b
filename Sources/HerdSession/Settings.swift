import Foundation
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
    /// The config file as read (the default config when there is none).
    public var config = HerdConfig()
    /// Where the config was read from.
    public var configFile: String

    /// Reads the config file (`HERD_CONFIG`, XDG paths); a missing file is the default config.
    ///
    /// - Throws: `ConfigError` naming the file and every bad line: Herd never runs on a config
    ///   it only half understood.
    /// - Parameter streamTimeout: `--timeout`, which wins over the config.
    public static func load(streamTimeout: Double?, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let paths = HerdPaths(environment: env)
        let config = try ConfigLoader.load(paths: paths)
        var s = Settings(dataDir: paths.dataDir, themeDirs: paths.themeDirs, configFile: paths.configFile)
        s.config = config
        s.servers = config.endpoints
        s.lambda = config.router.lambda
        if config.router.model != nil { s.routerPath = config.router.modelPath(dataDir: paths.dataDir) }
        s.theme = config.theme
        s.streamTimeout = config.streamTimeout
        if let streamTimeout { s.streamTimeout = streamTimeout }
        return s
    }

    /// The default place of the trained router.
    public var defaultRouterPath: String { dataDir + "/router.json" }

    /// The router from `--router`, the config, or the data folder; priors when there is none.
    public func loadRouter(override: String?) throws -> Router {
        if let path = override ?? routerPath { return try Router.load(path: path) }
        if FileManager.default.fileExists(atPath: defaultRouterPath) { return try Router.load(path: defaultRouterPath) }
        return Router(model: nil)
    }

    /// Members as the config describes them (names, sizes, profiles); disabled ones left out.
    public func applyConfig(to members: [Member]) -> [Member] {
        config.apply(to: members).filter(\.enabled)
    }
}
