import Foundation
import HerdTestSupport
import Synchronization
import Testing

/// The fixture server answers while every cooperative thread is busy with other tests' work: it
/// writes its replies on its own event loop, not on a task of the shared pool.
@Suite struct FixtureUnderLoadTests {
    /// GETs `path` from the server on `port` over a plain socket, from a thread of its own (neither
    /// the pool nor Dispatch) after `delay` seconds; the status line, or `nil` when none came within `timeout`.
    static func fetch(port: Int, path: String, after delay: Double, timeout: Double) async -> String? {
        await withCheckedContinuation { c in
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: delay)
                c.resume(returning: statusLine(port: port, path: path, timeout: timeout))
            }
        }
    }

    static func statusLine(port: Int, path: String, timeout: Double) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) == 1 else { return nil }
        var buf = [UInt8](repeating: 0, count: 256)
        let n = recv(fd, &buf, buf.count, 0)
        guard n > 0 else { return nil }
        return String(decoding: buf[..<n], as: UTF8.self).components(separatedBy: "\r\n").first
    }

    @Test func answersWhileEveryCooperativeThreadIsBusy() async throws {
        try await FixtureServer.with(.openAI) { f in
            // The request goes out 0.1 s into 1 s during which every pool thread spins, as CPU-bound
            // tests running beside this one would; it must be answered within 0.6 s all the same
            // (a reply waiting for a pool thread would come only after the spin, 0.9 s later).
            async let status = Self.fetch(port: f.port, path: "/v1/models", after: 0.1, timeout: 0.6)
            let busy = (0..<ProcessInfo.processInfo.activeProcessorCount).map { _ in
                Task.detached {
                    let end = Date().addingTimeInterval(1)
                    var x = 0
                    while Date() < end { x &+= 1 }
                    return x
                }
            }
            for t in busy { _ = await t.value }
            #expect(await status == "HTTP/1.1 200 OK")
        }
    }
}
