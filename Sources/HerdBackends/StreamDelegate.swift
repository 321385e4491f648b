import AsyncHTTPClient
import HerdCore
import NIOCore
import NIOHTTP1

/// Decodes a streamed reply on the connection's event loop, as its bytes arrive.
///
/// Why not `HTTPClientResponse.body`: that async sequence asks the connection for more only after its
/// consumer took the last part, and AsyncHTTPClient drops body bytes received but not yet asked for
/// when the connection closes, so a server that sends its last tokens and closes at once (killed,
/// restarted, a proxy) lost them to a consumer that was busy (measured: 34 of 40 replies lost the
/// tail with a consumer that took 20 ms over one token). Here each part is decoded when it is
/// read and demand is given back at once (a completed future, on the same event loop), so every
/// byte that reached the socket is decoded before the close is seen. Events go to `yield` on the
/// event loop: no task hop per token either.
///
/// All callbacks run on the task's event loop (`.delegateAndChannel`); `done` is completed once.
final class StreamDelegate<D: StreamDecoder>: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    private var decoder: D
    /// The events of the part being decoded (one array for the whole stream).
    private var events: [StreamEvent] = []
    /// A token came (`StreamPriority`).
    private var answering = false
    private let yield: @Sendable (StreamEvent) -> Void
    private let watch: StallWatch
    private let transport: HTTPTransport
    private let model: String
    private let maxErrorBody = 1 << 20
    /// Completed when the stream is over for the caller: the end marker, an error, or the body's end.
    let done: EventLoopPromise<Void>
    private var resolved = false
    /// The response status once the head came; `nil` before.
    private var status: Int?
    private var errorBody = ByteBuffer()

    init(decoder: D, eventLoop: EventLoop, watch: StallWatch, transport: HTTPTransport, model: String,
         yield: @escaping @Sendable (StreamEvent) -> Void) {
        self.decoder = decoder
        self.done = eventLoop.makePromise()
        self.watch = watch
        self.transport = transport
        self.model = model
        self.yield = yield
    }

    private var ok: Bool { status.map { (200..<300).contains($0) } ?? false }

    private func resolve(_ result: Result<Void, Error>) {
        guard !resolved else { return }
        resolved = true
        done.completeWith(result)
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        watch.touch()
        status = Int(head.status.code)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        watch.touch()
        guard ok else {
            var b = buffer
            if errorBody.readableBytes < maxErrorBody { errorBody.writeBuffer(&b) }
            return task.eventLoop.makeSucceededVoidFuture()
        }
        guard !resolved else { return task.eventLoop.makeSucceededVoidFuture() }
        do {
            defer { events.removeAll(keepingCapacity: true) }
            try decoder.consume(buffer, into: &events)
            for event in events {
                yield(event)
                if !answering, case .token = event {
                    answering = true
                    StreamPriority.answerStarted(from: transport.endpoint)
                }
            }
            // Done at the end marker, not when the server closes; the connection finishes on its own.
            if decoder.isComplete { resolve(.success(())) }
        } catch {
            resolve(.failure(error))
            task.cancel()
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: Error) {
        guard !resolved else { return }
        if ok {
            // What was decoded stays delivered; a half line left in the decoder is not an event.
            resolve(.failure(transport.mapTransport(error, afterHead: true, timeout: transport.streamTimeout)))
        } else if let status {
            resolve(.failure(HerdError.http(server: transport.server, status: status, body: "(body unreadable: \(transport.cause(of: error)))")))
        } else {
            resolve(.failure(transport.mapTransport(error, afterHead: false, timeout: transport.streamTimeout)))
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        guard !resolved else { return }
        guard ok else {
            resolve(.failure(ServerErrorBody.error(server: transport.server, status: status ?? 0, body: errorBody, model: model)))
            return
        }
        do {
            for event in try decoder.finish() { yield(event) }
            if decoder.isComplete {
                resolve(.success(()))
            } else {
                resolve(.failure(HerdError.interrupted(server: transport.server, cause: "the connection closed before \(decoder.endMarker)")))
            }
        } catch {
            resolve(.failure(error))
        }
    }
}
