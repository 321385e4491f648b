@testable import HerdConfig
import Testing

@Suite struct HerdPathsTests {
    @Test func herdVariablesWinOverXDGWhichWinOverHome() {
        let home = HerdPaths(environment: ["HOME": "/home/u"], executable: "/opt/herd/bin/herd")
        #expect(home.configFile == "/home/u/.config/herd/config.toml")
        #expect(home.dataDir == "/home/u/.local/share/herd")
        #expect(home.databaseFile == "/home/u/.local/share/herd/herd.sqlite")
        #expect(home.logFile == "/home/u/.local/share/herd/herd.log")
        #expect(home.themeDirs.first == "/home/u/.config/herd/themes")
        #expect(home.themeDirs.contains("/opt/herd/share/herd/themes"))

        let xdg = HerdPaths(environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/data"])
        #expect(xdg.configFile == "/cfg/herd/config.toml")
        #expect(xdg.dataDir == "/data/herd")

        let herd = HerdPaths(environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/data",
                                           "HERD_CONFIG": "~/my.toml", "HERD_HOME": "/srv/herd"])
        #expect(herd.configFile == "/home/u/my.toml")
        #expect(herd.dataDir == "/srv/herd")
        #expect(herd.themeDirs.prefix(2) == ["/home/u/themes", "/cfg/herd/themes"])
    }

    @Test func emptyOrRelativeXDGValuesAreIgnored() {
        let p = HerdPaths(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "relative/dir", "HERD_HOME": ""])
        #expect(p.configFile == "/h/.config/herd/config.toml")
        #expect(p.dataDir == "/h/.local/share/herd")
    }

    @Test func routerModelPathResolvesAgainstTheDataFolder() {
        #expect(RouterConfig().modelPath(dataDir: "/d") == "/d/router.json")
        #expect(RouterConfig(model: "r2.json").modelPath(dataDir: "/d") == "/d/r2.json")
        #expect(RouterConfig(model: "/abs/r.json").modelPath(dataDir: "/d") == "/abs/r.json")
    }
}
