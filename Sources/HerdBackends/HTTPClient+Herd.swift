import AsyncHTTPClient
import NIOCore
import NIOSSL

extension HTTPClient {
    /// The client Herd's backends use by default.
    ///
    /// Unlike `HTTPClient.shared`, a refused connection fails at once instead of being retried
    /// with back-off until the connect timeout: for local model servers "not running" is the
    /// common case and the user should hear about it immediately. Idle reads are not limited here;
    /// streams have their own configurable stall watchdog and other requests a deadline.
    public static let herd: HTTPClient = herdClient(tls: nil)

    /// A client configured as `herd`, with its own TLS settings when given (see `TLSClients`).
    static func herdClient(tls: TLSConfiguration?) -> HTTPClient {
        var config = HTTPClient.Configuration(
            tlsConfiguration: tls,
            timeout: .init(connect: .seconds(10), read: nil),
            connectionPool: .init(idleTimeout: .seconds(60)),
            decompression: .disabled)
        config.connectionPool.retryConnectionEstablishment = false
        // Model servers speak HTTP/1.1 (llama-server, Ollama, vLLM, LM Studio). With HTTP/2 allowed, the
        // pool starts as an HTTP/2 pool and, when the first connection turns out HTTP/1.1, moves its
        // waiting request over and opens a second connection for it that is closed unused: one more
        // connect (and accept on the server) before every first request, seen with strace on `herd ask`.
        config.httpVersion = .http1Only
        config.redirectConfiguration = .follow(max: 5, allowCycles: false)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }
}

extension Backends {
    /// Starts Herd's HTTP client (its event loop threads) now rather than with the first request,
    /// and takes its first request's type and conformance lookups ahead (`ConnectionWarmup`,
    /// `ConformanceWarmup`).
    public static func startClient() {
        // The handlers first: measured the other way round, the connection's own warm-up was still running
        // when the request went out: the request left 0.4 ms and the first token 2.0 ms later (`scripts/ask-timeline`,
        // 81 runs each).
        ConnectionWarmup.run(group: HTTPClient.herd.eventLoopGroup)
        ConformanceWarmup.run()
    }
}
