import AsyncHTTPClient
import Foundation
import HerdCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The HTTP plumbing both protocols share: headers, bounded bodies, a stall watchdog for streams,
/// and the translation of every transport failure into a `HerdError` that names the server.
struct HTTPTransport: Sendable {
    let endpoint: ServerEndpoint
    let client: HTTPClient
    /// Seconds without a byte before a stream (or a request waiting for its reply) is abandoned.
    let streamTimeout: Double
    /// Largest non-streamed body read (model lists, embeddings).
    var maxBodyBytes = 256 << 20

    var server: String { endpoint.name }

    /// The client for this endpoint: its own when it has certificate files (`TLSClients`).
    func httpClient() throws -> HTTPClient {
        try endpoint.tls.map(TLSClients.client(for:)) ?? client
    }

    func request(_ path: String, method: HTTPMethod, json body: Data?) -> HTTPClientRequest {
        var req = HTTPClientRequest(url: endpoint.baseURL + path)
        req.method = method
        req.headers = headers(json: body != nil)
        if let body { req.body = .bytes(ByteBuffer(bytes: body)) }
        return req
    }

    /// The headers of every request; `json`: it has a JSON body.
    func headers(json: Bool) -> HTTPHeaders {
        var h = HTTPHeaders()
        h.add(name: "Accept", value: "application/json, text/event-stream, application/x-ndjson")
        if json { h.add(name: "Content-Type", value: "application/json") }
        // The key is read at request time from the named variable and never kept or logged.
        if let env = endpoint.apiKeyEnv, let key = ProcessInfo.processInfo.environment[env], !key.isEmpty {
            h.add(name: "Authorization", value: "Bearer \(key)")
        }
        return h
    }

    /// Sends a request and reads the whole reply. Non-2xx statuses are returned, not thrown.
    func send(_ path: String, method: HTTPMethod = .GET, json body: Data? = nil, timeout: Double? = nil) async throws -> (status: Int, body: ByteBuffer) {
        let t = timeout ?? streamTimeout
        let req = request(path, method: method, json: body)
        let response: HTTPClientResponse
        let client = try httpClient()
        do {
            response = try await client.execute(req, deadline: .now() + .nanoseconds(Int64(t * 1e9)))
        } catch {
            throw mapTransport(error, afterHead: false, timeout: t)
        }
        do {
            let bytes = try await response.body.collect(upTo: maxBodyBytes)
            return (Int(response.status.code), bytes)
        } catch {
            throw mapTransport(error, afterHead: true, timeout: t)
        }
    }

    /// GETs or POSTs and decodes a 2xx JSON reply; anything else throws a `HerdError`.
    func json<T: Decodable>(_ type: T.Type, _ path: String, method: HTTPMethod = .GET, body: Data? = nil,
                            timeout: Double? = nil, model: String? = nil) async throws -> T {
        let (status, buf) = try await send(path, method: method, json: body, timeout: timeout)
        guard (200..<300).contains(status) else {
            throw ServerErrorBody.error(server: server, status: status, body: buf, model: model)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buf.readableBytesView))
        } catch {
            let text = String(decoding: buf.readableBytesView.prefix(200), as: UTF8.self)
            throw HerdError.protocolError(server: server, cause: "\(path) answered \(NDJSONLine.explain(error)): \(text)")
        }
    }

    /// Streams a POST reply through `decoder`, handing each event to `yield` (on the connection's
    /// event loop, as the bytes are read: see `StreamDelegate`).
    ///
    /// Ends normally only when the decoder saw its end marker; a body that ends earlier is
    /// `.interrupted`, and no byte for `streamTimeout` seconds (the head included) is `.timeout`.
    /// Cancelling the calling task cancels the request, which closes the connection.
    func stream<D: StreamDecoder>(_ path: String, json body: Data, decoder: D, model: String,
                                  yield: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let req: HTTPClient.Request
        do {
            req = try HTTPClient.Request(url: endpoint.baseURL + path, method: .POST, headers: headers(json: true),
                                         body: .byteBuffer(ByteBuffer(bytes: body)))
        } catch {
            throw mapTransport(error, afterHead: false, timeout: streamTimeout)
        }
        let client = try httpClient()
        let eventLoop = client.eventLoopGroup.next()
        let watch = StallWatch()
        let delegate = StreamDelegate(decoder: decoder, eventLoop: eventLoop, watch: watch, transport: self, model: model, yield: yield)
        // Delegate and connection on one event loop: each part's demand is given back before the next read.
        let task = client.execute(request: req, delegate: delegate, eventLoop: .delegateAndChannel(on: eventLoop))
        let timeout = streamTimeout
        let stalled = Atomic<Bool>(false)
        let watchdog = StallWatchdog(eventLoop: eventLoop, watch: watch, timeout: timeout) {
            stalled.store(true, ordering: .relaxed)
            task.cancel()
        }
        defer { watchdog.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await delegate.done.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            // The watchdog ends a stalled request by cancelling it. A request that failed on its own
            // (refused, reset) keeps its error even when the watchdog woke before this task saw that
            // error: on a busy machine the task can resume seconds late (a clean-clone test run
            // reported a refused connection as "sent nothing for 3 s").
            if stalled.load(ordering: .relaxed), error is CancellationError { throw HerdError.timeout(server: server, seconds: timeout) }
            throw error
        }
        // The end marker came while the body's last bytes may still be on their way: the connection goes
        // back to the pool when the body ends, and a server that never ends it does not keep the request.
        let cleanup = eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { task.cancel() }
        task.futureResult.whenComplete { _ in cleanup.cancel() }
    }

    /// A transport failure as the user should read it.
    func mapTransport(_ error: Error, afterHead: Bool, timeout: Double) -> Error {
        if let e = error as? HerdError { return e }
        if error is CancellationError { return error }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout:
                return afterHead ? HerdError.timeout(server: server, seconds: timeout)
                    : HerdError.unreachable(server: server, cause: "no reply within \(fmt(timeout)) s")
            case .connectTimeout:
                return HerdError.unreachable(server: server, cause: "connection timed out")
            case .cancelled:
                return CancellationError()
            case .remoteConnectionClosed:
                return afterHead ? HerdError.interrupted(server: server, cause: "the server closed the connection")
                    : HerdError.unreachable(server: server, cause: "the server closed the connection without replying")
            default: break
            }
        }
        let c = cause(of: error)
        return afterHead ? HerdError.interrupted(server: server, cause: c) : HerdError.unreachable(server: server, cause: c)
    }

    func cause(of error: Error) -> String {
        let text = String(describing: error)
        // Certificates are always checked (AsyncHTTPClient's default TLS): say so in words.
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("failedToValidateHostname") {
            return "its TLS certificate is not trusted or not for this host name (certificates are checked; "
                + "use one signed by an authority this machine trusts, or name your CA with ca_file = \"…\" on the server)"
        }
        if text.contains("CERTIFICATE_REQUIRED") || text.contains("HANDSHAKE_FAILURE_ON_CLIENT_HELLO") {
            return "it asks for a client certificate (mutual TLS): give client_cert = \"…\" and client_key = \"…\" on the server"
        }
        if text.contains("SSLV3_ALERT_BAD_CERTIFICATE") || text.contains("TLSV1_ALERT_UNKNOWN_CA") {
            return "it refused this client's certificate (client_cert): it is not signed by a CA the server trusts"
        }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return cause(of: first.error) }
            if let dns = e.dnsAError ?? e.dnsAAAAError { return "cannot resolve \(e.host): \(cause(of: dns))" }
            return "cannot connect to \(e.host):\(e.port)"
        }
        if let e = error as? IOError {
            return String(cString: strerror(e.errnoCode)).lowercased()
        }
        if let e = error as? ChannelError, case .connectTimeout = e { return "connection timed out" }
        if let e = error as? HTTPClientError {
            return String(describing: e).replacingOccurrences(of: "HTTPClientError.", with: "")
        }
        return String(describing: error)
    }

    private func fmt(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d) }
}
