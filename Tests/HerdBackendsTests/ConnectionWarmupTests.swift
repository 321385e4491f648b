@testable import HerdBackends
import AsyncHTTPClient
import Testing

/// The warm-up's in-memory exchange goes through the HTTP/1 handlers (a head, a body part and the
/// end come out), so that it looks up what a real connection will.
@Test func theWarmupsExchangeGoesThroughTheHandlers() {
    #expect(ConnectionWarmup.run(group: HTTPClient.herd.eventLoopGroup))
}
