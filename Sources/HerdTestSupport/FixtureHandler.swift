import NIOCore
import NIOHTTP1

/// Collects one HTTP request and hands it to the fixture server's script.
final class FixtureHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: FixtureServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(server: FixtureServer) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        server.connectionOpened(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.connectionClosed(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(h):
            head = h
            body.clear()
        case var .body(b):
            body.writeBuffer(&b)
        case .end:
            guard let h = head else { return }
            var headers: [String: String] = [:]
            for (k, v) in h.headers { headers[k.lowercased()] = v }
            let path = String(h.uri.split(separator: "?", maxSplits: 1).first ?? "")
            let request = FixtureRequest(method: h.method.rawValue, path: path, headers: headers,
                                         body: String(decoding: body.readableBytesView, as: UTF8.self))
            head = nil
            server.startResponse(to: request, on: context.channel)
        }
    }
}
