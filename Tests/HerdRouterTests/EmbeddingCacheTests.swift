import Foundation
import Testing
@testable import HerdRouter

@Suite struct EmbeddingCacheTests {
    /// Counts calls so the test can see what reached the "server".
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var texts: [String] = []
        func add(_ t: [String]) { lock.withLock { texts += t } }
        var all: [String] { lock.withLock { texts } }
    }

    static func fake(_ counter: Counter) -> EmbeddingCache.Embed {
        { texts in
            counter.add(texts)
            return texts.map { t in [Float(t.count), Float(t.utf8.first ?? 0), 1] }
        }
    }

    @Test func noPromptIsEmbeddedTwice() async throws {
        let path = RouterFileTests.tempPath("emb-cache")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let counter = Counter()
        let cache = try EmbeddingCache(model: "m#x", path: path, embed: Self.fake(counter))
        let v = try await cache.embed(["alpha", "beta", "alpha"])
        #expect(v == [[5, 97, 1], [4, 98, 1], [5, 97, 1]])
        _ = try await cache.embed(["beta", "gamma"])
        #expect(counter.all == ["alpha", "beta", "gamma"])
        // A new cache on the same file remembers, across runs.
        let counter2 = Counter()
        let reopened = try EmbeddingCache(model: "m#x", path: path, embed: Self.fake(counter2))
        #expect(try await reopened.embed(["gamma", "alpha"]) == [[5, 103, 1], [5, 97, 1]])
        #expect(counter2.all.isEmpty)
        // Another model means other vectors.
        let other = try EmbeddingCache(model: "m#y", path: path, embed: Self.fake(counter2))
        _ = try await other.embed(["alpha"])
        #expect(counter2.all == ["alpha"])
    }

    @Test func damagedCacheFileIsReported() throws {
        let path = RouterFileTests.tempPath("emb-bad")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { _ = try EmbeddingCache(model: "m", path: path, embed: { _ in [] }) }
    }
}
