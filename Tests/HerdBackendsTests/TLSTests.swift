import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// https endpoints: certificates are checked, and a certificate that does not check out is a clear error.
@Suite struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 and its key, as `NAME.pem` and `NAME.key` in `dir`.
    static func selfSigned(_ name: String, in dir: TemporaryDirectory) async throws {
        let gen = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", dir.file(name + ".key"), "-out", dir.file(name + ".pem")])
        try #require(gen.status == .exited(0), "openssl failed: \(gen.stderr)")
    }

    /// An HTTPS server with a self-signed certificate (openssl and Python's ssl module), on a free port;
    /// the body gets the port and the folder with `cert.pem`. With `clientCA`, the server asks for a
    /// client certificate and trusts the certificates of that file.
    static func withSelfSignedServer(clientCA: String? = nil, _ body: (Int, TemporaryDirectory) async throws -> Void) async throws {
        let dir = TemporaryDirectory()
        try await selfSigned("cert", in: dir)
        let script = """
            import http.server, ssl, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b'{"object":"list","data":[{"id":"remote-model","object":"model"}]}'
                    self.send_response(200); self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[1], sys.argv[2])
            if len(sys.argv) > 3:
                ctx.verify_mode = ssl.CERT_REQUIRED; ctx.load_verify_locations(sys.argv[3])
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """
        try script.write(toFile: dir.file("serve.py"), atomically: true, encoding: .utf8)
        let child = try ChildProcess.spawn("/usr/bin/env", ["python3", dir.file("serve.py"), dir.file("cert.pem"), dir.file("cert.key")]
                                           + (clientCA.map { [$0] } ?? []), stdout: .pipe)
        defer {
            child.signal(SIGKILL)
            _ = child.waitBlocking()
        }
        let line = String(decoding: child.stdoutPipe!.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try #require(Int(line), "the https server did not say its port: \(line)")
        try await body(port, dir)
    }

    @Test func aSelfSignedCertificateIsRefusedWithAClearError() async throws {
        try await Self.withSelfSignedServer { port, _ in
            let endpoint = try ServerEndpoint.parse("https://127.0.0.1:\(port)/v1")
            let r = await Discovery.run(endpoints: [endpoint], timeout: 5, environment: [:])
            #expect(r.members.isEmpty, "nothing is used from a server whose certificate does not check out")
            let error = r.servers.first?.error ?? ""
            #expect(error.contains("TLS certificate is not trusted"), "\(error)")
            #expect(error.contains("127.0.0.1:\(port)"), "the error names the server: \(error)")
        }
    }

    /// `ca_file` trusts a private CA (here the server's own self-signed certificate) for that server.
    @Test func aPrivateCAIsTrustedWithCaFile() async throws {
        try await Self.withSelfSignedServer { port, dir in
            let endpoint = ServerEndpoint(baseURL: "https://127.0.0.1:\(port)", tls: TLSFiles(caFile: dir.file("cert.pem")))
            let r = await Discovery.run(endpoints: [endpoint], timeout: 5, environment: [:])
            #expect(r.servers.first?.error == nil, "\(r.servers.first?.error ?? "")")
            #expect(r.members.map(\.name) == ["remote-model"])
        }
    }

    /// A CA file that is not PEM is named in the server's error.
    @Test func aCAFileThatIsNotPEMIsNamed() async throws {
        try await Self.withSelfSignedServer { port, dir in
            try "not a certificate".write(toFile: dir.file("bad.pem"), atomically: true, encoding: .utf8)
            let endpoint = ServerEndpoint(baseURL: "https://127.0.0.1:\(port)", tls: TLSFiles(caFile: dir.file("bad.pem")))
            let r = await Discovery.run(endpoints: [endpoint], timeout: 5, environment: [:])
            #expect(r.members.isEmpty)
            let error = r.servers.first?.error ?? ""
            #expect(error.contains(dir.file("bad.pem")) && error.contains("PEM"), "\(error)")
        }
    }

    /// A server that asks for a client certificate (mutual TLS) answers with `client_cert` and
    /// `client_key`, and refuses without them.
    @Test func aClientCertificateIsSentWhenGiven() async throws {
        let client = TemporaryDirectory()
        try await Self.selfSigned("client", in: client)
        try await Self.withSelfSignedServer(clientCA: client.file("client.pem")) { port, dir in
            let ca = dir.file("cert.pem")
            let with = ServerEndpoint(baseURL: "https://127.0.0.1:\(port)",
                                      tls: TLSFiles(caFile: ca, clientCertificate: client.file("client.pem"), clientKey: client.file("client.key")))
            let r = await Discovery.run(endpoints: [with], timeout: 5, environment: [:])
            #expect(r.members.map(\.name) == ["remote-model"], "\(r.servers.first?.error ?? "")")
            let without = ServerEndpoint(baseURL: "https://127.0.0.1:\(port)", tls: TLSFiles(caFile: ca))
            let refused = await Discovery.run(endpoints: [without], timeout: 5, environment: [:])
            #expect(refused.members.isEmpty, "no client certificate, no answer")
            let error = refused.servers.first?.error ?? ""
            #expect(error.contains("127.0.0.1:\(port)") && error.contains("asks for a client certificate"), "\(error)")
        }
    }
}
