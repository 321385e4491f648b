import AsyncHTTPClient
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Sends one request and its streamed reply through the HTTP/1 handlers a connection uses, in
/// memory, so that the Swift runtime has looked up their types' conformances before the first real
/// connection needs them.
///
/// Why: each first lookup of a conformance scans every conformance record of the binary (what that
/// costs: `ConformanceWarmup`). Setting up `herd ask`'s connection did about 35 of them on the event
/// loop, between the connect and the request: pipeline handlers, `NIOAny` boxes, descriptions that
/// AsyncHTTPClient logs. This runs on the warm-up's thread while the command is still parsing and
/// reading its config, when the second core has nothing else to do (issue 14). Whatever fails here
/// only leaves the lookups to the real connection.
enum ConnectionWarmup {
    /// - Returns: whether the exchange went through (the reply's head, body and end came out).
    @discardableResult
    static func run(group: any EventLoopGroup) -> Bool {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(HTTPRequestEncoder())
            try sync.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes,
                                                                        informationalResponseStrategy: .forward)))
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/chat/completions")
            head.headers.add(name: "content-type", value: "application/json")
            try channel.writeOutbound(HTTPClientRequestPart.head(head))
            try channel.writeOutbound(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: "{}"))))
            try channel.writeOutbound(HTTPClientRequestPart.end(nil))
            try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n6\r\ndata: \r\n0\r\n\r\n"))
            var parts = 0
            while let _: HTTPClientResponsePart = try channel.readInbound() { parts += 1 }
            while let _: IOData = try channel.readOutbound() {}
            // AsyncHTTPClient describes both in its connection's logger metadata, the method in its request span.
            _ = "\(group) \(group.next()) \(HTTPMethod.POST)"
            // Its connection handler describes its event loop from on that loop, which then describes its
            // own state as well: four more lookups, of a private type, on the loop (issue 14).
            for loop in group.makeIterator() {
                loop.execute { _ = "\(loop)" }
            }
            return parts == 3
        } catch {
            return false
        }
    }
}
