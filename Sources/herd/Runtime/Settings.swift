import Foundation
import HerdCore
import HerdRouter

/// What the command line, the environment and the config file say, merged: the flags win.
struct Settings {
    var servers: [ServerEndpoint] = []
    var lambda: Double = 0.3
    var routerPath: String?
    var streamTimeout: Double = 60
    var theme: String = "herd-dark"
    var dataDir: String
    var themeDirs: [String]
    /// Per-member settings from the config, by member name or model id.
    var memberOverrides: [String: MemberOverride] = [:]

    struct MemberOverride {
        var name: String?
        var sizeB: Double?
        var profile: String?
        var enabled: Bool?
    }

    static func load(servers options: ServerOptions) throws -> Settings {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? "/tmp"
        let dataDir = env["HERD_HOME"] ?? (env["XDG_DATA_HOME"].map { $0 + "/herd" } ?? home + "/.local/share/herd")
        var s = Settings(dataDir: dataDir, themeDirs: Settings.defaultThemeDirs(env: env))
        if let t = options.streamTimeout { s.streamTimeout = t }
        return s
    }

    /// Themes shipped beside the binary or in the source tree, then the user's.
    static func defaultThemeDirs(env: [String: String]) -> [String] {
        var dirs: [String] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        dirs.append(exe.appendingPathComponent("themes").path)
        dirs.append(exe.appendingPathComponent("../share/herd/themes").standardized.path)
        // A development build lives in .build/<config>/herd: the repository's themes are three levels up.
        dirs.append(exe.appendingPathComponent("../../../themes").standardized.path)
        let config = env["XDG_CONFIG_HOME"] ?? ((env["HOME"] ?? "/tmp") + "/.config")
        dirs.append(config + "/herd/themes")
        return dirs
    }

    /// The default place of the trained router.
    var defaultRouterPath: String { dataDir + "/router.json" }

    /// The router from `--router`, the config, or the data folder; priors when there is none.
    func loadRouter(override: String?) throws -> Router {
        if let path = override ?? routerPath { return try Router.load(path: path) }
        if FileManager.default.fileExists(atPath: defaultRouterPath) { return try Router.load(path: defaultRouterPath) }
        return Router(model: nil)
    }

    /// Members with the config's names, sizes, profiles; disabled ones left out.
    func applyConfig(to members: [Member]) -> [Member] {
        members.compactMap { m in
            guard let o = memberOverrides[m.name] ?? memberOverrides[m.modelID] else { return m }
            if o.enabled == false { return nil }
            var m = m
            if let n = o.name { m.name = n }
            if let s = o.sizeB { m.sizeB = s }
            if let p = o.profile { m.profile = p }
            return m
        }
    }
}
