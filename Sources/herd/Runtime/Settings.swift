import Foundation
import HerdConfig
import HerdCore
import HerdRouter

/// What the command line, the environment and the config file say, merged: the flags win.
struct Settings {
    /// The config file's servers; `--server` and `HERD_SERVERS` come before them (see `HerdRuntime.discover`).
    var servers: [ServerEndpoint] = []
    var lambda: Double = 0.3
    var routerPath: String?
    var streamTimeout: Double = HerdConfig.defaultStreamTimeout
    var theme: String = HerdConfig.defaultTheme
    var dataDir: String
    var themeDirs: [String]
    /// The config file as read (the default config when there is none).
    var config = HerdConfig()
    /// Where the config was read from.
    var configFile: String

    /// Reads the config file (`HERD_CONFIG`, XDG paths); a missing file is the default config.
    ///
    /// - Throws: `ConfigError` naming the file and every bad line: Herd never runs on a config
    ///   it only half understood.
    static func load(servers options: ServerOptions, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let paths = HerdPaths(environment: env)
        let config = try ConfigLoader.load(paths: paths)
        var s = Settings(dataDir: paths.dataDir, themeDirs: paths.themeDirs, configFile: paths.configFile)
        s.config = config
        s.servers = config.endpoints
        s.lambda = config.router.lambda
        if config.router.model != nil { s.routerPath = config.router.modelPath(dataDir: paths.dataDir) }
        s.theme = config.theme
        s.streamTimeout = config.streamTimeout
        if let t = options.streamTimeout { s.streamTimeout = t }
        return s
    }

    /// The default place of the trained router.
    var defaultRouterPath: String { dataDir + "/router.json" }

    /// The router from `--router`, the config, or the data folder; priors when there is none.
    func loadRouter(override: String?) throws -> Router {
        if let path = override ?? routerPath { return try Router.load(path: path) }
        if FileManager.default.fileExists(atPath: defaultRouterPath) { return try Router.load(path: defaultRouterPath) }
        return Router(model: nil)
    }

    /// Members as the config describes them (names, sizes, profiles); disabled ones left out.
    func applyConfig(to members: [Member]) -> [Member] {
        config.apply(to: members).filter(\.enabled)
    }
}
