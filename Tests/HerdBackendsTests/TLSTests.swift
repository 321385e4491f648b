import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// https endpoints: certificates are checked, and a certificate that does not check out is a clear error.
@Suite struct TLSTests {
    /// An HTTPS server with a self-signed certificate (openssl and Python's ssl module), on a free port.
    static func withSelfSignedServer(_ body: (Int) async throws -> Void) async throws {
        let dir = TemporaryDirectory()
        let gen = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem")])
        try #require(gen.status == .exited(0), "openssl failed: \(gen.stderr)")
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
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
            print(s.server_address[1], flush=True)
            s.serve_forever()
            """
        try script.write(toFile: dir.file("serve.py"), atomically: true, encoding: .utf8)
        let child = try ChildProcess.spawn("/usr/bin/env", ["python3", dir.file("serve.py"), dir.file("cert.pem"), dir.file("key.pem")],
                                           stdout: .pipe)
        defer {
            child.signal(SIGKILL)
            _ = child.waitBlocking()
        }
        let line = String(decoding: child.stdoutPipe!.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try #require(Int(line), "the https server did not say its port: \(line)")
        try await body(port)
    }

    @Test func aSelfSignedCertificateIsRefusedWithAClearError() async throws {
        try await Self.withSelfSignedServer { port in
            let endpoint = try ServerEndpoint.parse("https://127.0.0.1:\(port)/v1")
            let r = await Discovery.run(endpoints: [endpoint], timeout: 5, environment: [:])
            #expect(r.members.isEmpty, "nothing is used from a server whose certificate does not check out")
            let error = r.servers.first?.error ?? ""
            #expect(error.contains("TLS certificate is not trusted"), "\(error)")
            #expect(error.contains("127.0.0.1:\(port)"), "the error names the server: \(error)")
        }
    }
}
