import Foundation
import HerdCore
@testable import HerdConfig
import Testing

/// `ca_file`, `client_cert`, `client_key` on a server: resolved from the config's folder, checked with
/// their lines, carried to the endpoint.
@Suite struct TLSConfigTests {
    @Test func filesAreResolvedFromTheConfigsFolder() throws {
        let dir = Folder()
        for f in ["ca.pem", "client.pem", "client.key"] { try Data("x".utf8).write(to: URL(fileURLWithPath: dir.file(f))) }
        let text = """
            [[servers]]
            name = "gpu"
            url = "https://gpu.example:8443"
            ca_file = "ca.pem"
            client_cert = "\(dir.file("client.pem"))"
            client_key = "client.key"
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: dir.file("config.toml"))
        #expect(problems == [])
        let tls = try #require(config.endpoints.first?.tls)
        #expect(tls == TLSFiles(caFile: dir.file("ca.pem"), clientCertificate: dir.file("client.pem"), clientKey: dir.file("client.key")))
        #expect(ConfigValidator.resolve("~/x.pem", relativeTo: "/etc") == NSHomeDirectory() + "/x.pem")
        #expect(ConfigValidator.resolve("/abs.pem", relativeTo: "/etc") == "/abs.pem")
    }

    @Test func missingFilesAndHalfAPairAreReportedWithTheirLines() {
        let dir = Folder()
        let text = """
            [[servers]]
            name = "gpu"
            url = "https://gpu.example:8443"
            ca_file = "nope.pem"
            client_cert = "\(dir.path)"

            [[servers]]
            name = "local"
            url = "http://127.0.0.1:8080"
            client_key = "nope.key"
            """
        let got = lines(text, path: dir.file("config.toml"))
        #expect(got.contains("4: ca_file \"nope.pem\": \(dir.file("nope.pem")) does not exist; it should be the PEM file with the CA certificate(s) to trust for this server"), "\(got)")
        #expect(got.contains { $0.hasPrefix("5: client_cert") && $0.contains("should be the PEM file with this client's certificate") }, "a folder is not a readable file: \(got)")
        #expect(got.contains("10: client_key \"nope.key\": \(dir.file("nope.key")) does not exist; it should be the PEM file with this client's private key"), "\(got)")
        #expect(got.contains("10: client_cert and client_key go together: give both for a server that asks for a client certificate, or neither"), "\(got)")
    }

    @Test func onPlainHTTPTheFilesDoNothingAndThatIsSaid() throws {
        let dir = Folder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir.file("ca.pem")))
        let text = """
            [[servers]]
            url = "http://127.0.0.1:8080"
            ca_file = "ca.pem"
            """
        let (config, problems) = ConfigLoader.parse(text: text, path: dir.file("config.toml"))
        #expect(config.endpoints.first?.tls?.caFile == dir.file("ca.pem"))
        #expect(problems.map(\.message) == ["http://127.0.0.1:8080 is plain http: ca_file, client_cert and client_key are used only over https"])
        #expect(problems.first?.severity == .warning)
    }
}

/// A fresh folder, removed with the value.
private final class Folder {
    let path = NSTemporaryDirectory() + "herd-tls-config-\(UUID().uuidString.prefix(8))"
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    func file(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
