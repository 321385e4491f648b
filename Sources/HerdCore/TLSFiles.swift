/// Certificates for an https server that the system's trust store does not cover: a private CA
/// (`ca_file`), and a client certificate with its key when the server asks for one (mutual TLS).
/// Paths only: the files are read when the first connection is made.
public struct TLSFiles: Sendable, Hashable, Codable {
    /// PEM file with the CA certificate(s) to trust for this server, besides the system's.
    public var caFile: String?
    /// PEM file with the client's certificate chain (given with `clientKey`).
    public var clientCertificate: String?
    /// PEM file with the client's private key.
    public var clientKey: String?

    public init(caFile: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil) {
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }
}
