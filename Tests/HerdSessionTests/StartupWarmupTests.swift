import Foundation
import HerdBackends
import HerdConfig
import HerdSession
import HerdTestSupport
import Testing

/// `StartupWarmup` hands a command what `Settings.load` would give it, read ahead on another core.
/// Serialized: the warm-up is one per process.
@Suite(.serialized) struct StartupWarmupTests {
    static func environment(config: String, in dir: TemporaryDirectory) throws -> [String: String] {
        try config.write(toFile: dir.file("config.toml"), atomically: true, encoding: .utf8)
        return ["HERD_CONFIG": dir.file("config.toml"), "HERD_HOME": dir.path, "HOME": dir.path]
    }

    static let config = """
        stream_timeout = 42
        [[servers]]
        name = "gpu"
        url = "http://127.0.0.1:9"
        timeout = 7
        """

    @Test func givesTheConfigsSettingsOnce() async throws {
        let dir = TemporaryDirectory()
        let env = try Self.environment(config: Self.config, in: dir)
        StartupWarmup.begin(environment: env)
        let (warm, _) = try await StartupWarmup.settings(streamTimeout: nil)
        let direct = try Settings.load(streamTimeout: nil, environment: env)
        #expect(warm.streamTimeout == 42)
        #expect(warm.servers.map(\.timeout) == [7])
        #expect(warm.configFile == direct.configFile)
        #expect(warm.servers == direct.servers)
        #expect(warm.knownServersFile == direct.knownServersFile)
    }

    @Test func theTimeoutFlagWinsOverTheConfigAsInLoad() async throws {
        let dir = TemporaryDirectory()
        let env = try Self.environment(config: Self.config, in: dir)
        StartupWarmup.begin(environment: env)
        let (warm, _) = try await StartupWarmup.settings(streamTimeout: 5)
        let direct = try Settings.load(streamTimeout: 5, environment: env)
        #expect(warm.streamTimeout == 5)
        #expect(warm.servers.map(\.timeout) == [nil])
        #expect(warm.servers == direct.servers)
    }

    @Test func aBadConfigIsTheSameErrorAsWithoutTheWarmup() async throws {
        let dir = TemporaryDirectory()
        let env = try Self.environment(config: "stream_timeout = -1\n", in: dir)
        StartupWarmup.begin(environment: env)
        let warm = await #expect(throws: ConfigError.self) { try await StartupWarmup.settings(streamTimeout: nil) }
        let direct = #expect(throws: ConfigError.self) { try Settings.load(streamTimeout: nil, environment: env) }
        #expect(warm.map { "\($0)" } == direct.map { "\($0)" })
        #expect("\(warm.map { "\($0)" } ?? "")".contains("config.toml:1"))
    }

    @Test func hasTheRememberedServersTheCommandWouldRead() async throws {
        let dir = TemporaryDirectory()
        let env = try Self.environment(config: Self.config, in: dir)
        let file = try Settings.load(streamTimeout: nil, environment: env).knownServersFile
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"version":1,"probed":["http://127.0.0.1:9"],"servers":[{"baseURL":"http://127.0.0.1:9","proto":"openai","models":[{"id":"tiny","canChat":true,"aliases":[]}]}]}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        StartupWarmup.begin(environment: env)
        let (_, known) = try await StartupWarmup.settings(streamTimeout: nil)
        #expect(known == KnownServers.load(from: file))
        #expect(known?.probed == ["http://127.0.0.1:9"])
    }
}
