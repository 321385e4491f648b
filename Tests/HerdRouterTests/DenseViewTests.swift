import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing
@testable import HerdRouter

/// The dense view with real sentence embeddings (all-minilm on the shared llama-server).
@Suite struct DenseViewTests {
    @Test func trainsAndRoutesWithRealEmbeddings() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let calls = Calls()
            let cache = try EmbeddingCache(model: "all-minilm") { texts in
                calls.add(texts.count)
                return try await server.embed(texts, model: "all-minilm")
            }
            let data = SyntheticData.wordRouted(count: 120)
            let vectors = try await cache.embed(data.map(\.prompt))
            #expect(vectors.count == data.count && vectors[0].count == 384)
            let distinct = Set(data.map(\.prompt)).count
            #expect(calls.total == distinct)
            _ = try await cache.embed(data.map(\.prompt))
            #expect(calls.total == distinct, "a prompt was embedded twice")

            let model = try RouterTrainer.train(examples: data, members: SyntheticData.members, config: SyntheticData.smallConfig,
                                                embeddings: vectors, embeddingSource: llama.baseURL + "#all-minilm")
            #expect(model.denseIndex?.dimension == 384)
            #expect(model.denseCalibrator != nil)
            let router = Router(model: model)
            let members = RouterTrainingTests.herd([("coder", 8), ("poet", 8)])
            for (prompt, want) in [("help me with python today", "coder"), ("write a short sonnet", "poet")] {
                let e = try await cache.embed([prompt])[0]
                let dense = router.decide(prompt: prompt, embedding: e, members: members, lambda: 0)
                #expect(dense.chosen == want, "\(prompt): \(dense.scores)")
                // With the embedding, the reason names the nearest training prompt of the dense view.
                // (Confidences cannot show it here: both views sit at the 0.01/0.99 clamp on this easy data.)
                #expect(dense.reason.contains("near “"), "\(dense.reason)")
            }
        }
    }

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add(_ k: Int) { lock.withLock { n += k } }
        var total: Int { lock.withLock { n } }
    }
}
