import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// The cascade's log-probability signal against the real llama-server: asked for, averaged over the reply.
@Suite struct LogprobsTests {
    @Test func llamaServerReturnsLogprobsWhenAskedAndNotOtherwise() async throws {
        try await LlamaServer.with { llama in
            let server = OpenAIServer(endpoint: ServerEndpoint(baseURL: llama.baseURL, proto: .openAI))
            let msgs = [ChatMessage(role: .user, content: "hi")]
            let asked = await collect(server.chat(ChatRequest(model: "tiny-a", messages: msgs, logprobs: true)))
            #expect(asked.error == nil)
            #expect(asked.text == "Hello from tiny-a!")
            let mean = try #require(asked.summary?.meanLogprob)
            #expect(mean <= 0 && mean.isFinite, "\(mean)")
            let plain = await collect(server.chat(ChatRequest(model: "tiny-a", messages: msgs)))
            #expect(plain.summary?.meanLogprob == nil)
            // The babbling (random) model is unsure of every token: a far lower mean than the scripted one.
            let random = await collect(server.chat(ChatRequest(model: "babble", messages: msgs, maxTokens: 20, logprobs: true)))
            #expect(random.error == nil)
            let r = try #require(random.summary?.meanLogprob)
            #expect(r < mean, "babble \(r) vs scripted \(mean)")
            print("mean log-probability: scripted tiny-a \(mean), babble \(r)")
        }
    }
}
