import AsyncHTTPClient
import HerdCore
import NIOSSL
import Synchronization

/// One HTTP client per set of `TLSFiles` (a private CA, a client certificate), made on first use and
/// kept for the process, on Herd's event loops. Servers without such files use `HTTPClient.herd`.
enum TLSClients {
    private static let clients = Mutex<[TLSFiles: HTTPClient]>([:])

    /// The client for `files`.
    ///
    /// - Throws: `HerdError.badInput` naming the file when a certificate or key cannot be read as PEM,
    ///   so that the server's error says which file to fix.
    static func client(for files: TLSFiles) throws -> HTTPClient {
        // Made under the lock (a few small files read once per process), so no second client is ever
        // made and left to shut down from a request's task.
        try clients.withLock { all in
            if let c = all[files] { return c }
            let made = HTTPClient.herdClient(tls: try configuration(files))
            all[files] = made
            return made
        }
    }

    /// The system's trust store plus the CA file; the client certificate and key when given.
    static func configuration(_ files: TLSFiles) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        func read<T>(_ path: String, _ what: String, _ load: (String) throws -> T) throws -> T {
            do {
                return try load(path)
            } catch {
                throw HerdError.badInput(file: path, line: nil, cause: "cannot read \(what) as PEM: \(error)")
            }
        }
        if let ca = files.caFile {
            let certificates = try read(ca, "the CA certificate") { try NIOSSLCertificate.fromPEMFile($0) }
            guard !certificates.isEmpty else {
                throw HerdError.badInput(file: ca, line: nil, cause: "no certificate in this PEM file")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        if let cert = files.clientCertificate, let key = files.clientKey {
            let chain = try read(cert, "the client certificate") { try NIOSSLCertificate.fromPEMFile($0) }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(try read(key, "the client key") { try NIOSSLPrivateKey(file: $0, format: .pem) })
        }
        return tls
    }
}
