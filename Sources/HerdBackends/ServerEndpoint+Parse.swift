import Foundation
import HerdCore

extension ServerEndpoint {
    /// Parses a server URL as users type it: `http://127.0.0.1:8080`, `127.0.0.1:8080/v1`,
    /// or with a protocol prefix that skips detection: `ollama+http://…`, `openai+http://…`.
    ///
    /// - Parameter source: where the value came from (`--server`, `HERD_SERVERS`), for the error.
    /// - Throws: `HerdError.badInput` naming the source and what is wrong.
    public static func parse(_ raw: String, source: String = "--server", apiKeyEnv: String? = nil) throws -> ServerEndpoint {
        var s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func bad(_ why: String) -> HerdError { .badInput(file: source, line: nil, cause: "server URL \"\(raw)\": \(why)") }
        guard !s.isEmpty else { throw bad("empty") }
        var proto: ServerProtocol?
        if let plus = s.range(of: "+"), let scheme = s.range(of: "://"), plus.lowerBound < scheme.lowerBound {
            let prefix = s[..<plus.lowerBound].lowercased()
            guard let p = ServerProtocol(rawValue: prefix) else {
                throw bad("unknown protocol \"\(prefix)\" (use ollama+ or openai+)")
            }
            proto = p
            s = String(s[plus.upperBound...])
        }
        if let scheme = s.range(of: "://") {
            let name = s[..<scheme.lowerBound].lowercased()
            guard name == "http" || name == "https" else { throw bad("scheme must be http or https, not \(name)") }
        }
        let endpoint = ServerEndpoint(baseURL: s, proto: proto, apiKeyEnv: apiKeyEnv)
        guard let url = URL(string: endpoint.baseURL), let host = url.host, !host.isEmpty else {
            throw bad("not a URL with a host")
        }
        if let port = url.port, !(1...65535).contains(port) { throw bad("port \(port) out of range") }
        return endpoint
    }

    /// `true` when a URL string carries an `ollama+`/`openai+` protocol prefix.
    public static func hasProtocolPrefix(_ raw: String) -> Bool {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        return s.hasPrefix("ollama+") || s.hasPrefix("openai+")
    }
}
