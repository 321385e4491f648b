import Foundation

/// Where Herd's files live, from the environment:
/// - config file: `HERD_CONFIG`, else `$XDG_CONFIG_HOME/herd/config.toml`, else `~/.config/herd/config.toml`;
/// - data folder: `HERD_HOME`, else `$XDG_DATA_HOME/herd`, else `~/.local/share/herd`;
/// - themes: the user's (`themes/` beside the config file) first, then those installed with the binary.
/// Empty or relative XDG variables are ignored, as the XDG spec says.
public struct HerdPaths: Sendable, Hashable {
    public var configFile: String
    public var dataDir: String
    /// Searched in order; the first folder that has the theme wins.
    public var themeDirs: [String]
    /// Where the router Herd ships (trained on public routing data) may be, in order: `HERD_PUBLIC_ROUTER`,
    /// the SwiftPM resources beside the binary, an installed `share/herd`, and the repository of a
    /// development build.
    public var publicRouterFiles: [String]

    public init(environment env: [String: String] = ProcessInfo.processInfo.environment,
                executable: String = CommandLine.arguments.first ?? "herd") {
        let home = HerdPaths.home(env)
        func xdg(_ name: String, _ fallback: String) -> String {
            if let v = env[name], v.hasPrefix("/") { return v }
            return home + "/" + fallback
        }
        if let c = env["HERD_CONFIG"], !c.isEmpty {
            configFile = HerdPaths.absolute(c, home: home)
        } else {
            configFile = xdg("XDG_CONFIG_HOME", ".config") + "/herd/config.toml"
        }
        if let h = env["HERD_HOME"], !h.isEmpty {
            dataDir = HerdPaths.absolute(h, home: home)
        } else {
            dataDir = xdg("XDG_DATA_HOME", ".local/share") + "/herd"
        }
        var dirs = [(configFile as NSString).deletingLastPathComponent + "/themes"]
        let userConfigThemes = xdg("XDG_CONFIG_HOME", ".config") + "/herd/themes"
        if !dirs.contains(userConfigThemes) { dirs.append(userConfigThemes) }
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        dirs.append(exe.appendingPathComponent("themes").path)
        dirs.append(exe.appendingPathComponent("../share/herd/themes").standardized.path)
        // A development build runs from .build/<triple>/<config>/: the repository's themes are three levels up.
        dirs.append(exe.appendingPathComponent("../../../themes").standardized.path)
        themeDirs = dirs
        var routers: [String] = []
        if let r = env["HERD_PUBLIC_ROUTER"], !r.isEmpty { routers.append(HerdPaths.absolute(r, home: home)) }
        routers.append(exe.appendingPathComponent("Herd_herd.resources/\(HerdPaths.publicRouterName)").path)
        routers.append(exe.appendingPathComponent("../share/herd/\(HerdPaths.publicRouterName)").standardized.path)
        routers.append(exe.appendingPathComponent("../../../Sources/herd/Resources/\(HerdPaths.publicRouterName)").standardized.path)
        publicRouterFiles = routers
    }

    /// The shipped router's file name.
    public static let publicRouterName = "public.router"

    /// The first of `publicRouterFiles` that exists, if any.
    public var publicRouterFile: String? {
        publicRouterFiles.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The folder of the config file.
    public var configDir: String { (configFile as NSString).deletingLastPathComponent }
    /// The history database.
    public var databaseFile: String { dataDir + "/herd.sqlite" }
    /// Where swift-log writes (never the screen).
    public var logFile: String { dataDir + "/herd.log" }
    /// What the last discovery found (`KnownServers`).
    public var knownServersFile: String { dataDir + "/servers.json" }
    /// The trained router when the config names none.
    public var defaultRouterFile: String { dataDir + "/router.json" }

    static func home(_ env: [String: String]) -> String {
        if let h = env["HOME"], !h.isEmpty { return h }
        return NSHomeDirectory()
    }

    static func absolute(_ path: String, home: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + String(path.dropFirst()) }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
