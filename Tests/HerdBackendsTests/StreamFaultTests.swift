import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

/// Every fault of issue 3 item 4, against both protocols, through real sockets (the fixture server).
@Suite struct StreamFaultTests {
    static let flavors: [FixtureServer.Flavor] = [.openAI, .ollama]

    func client(_ f: FixtureServer, timeout: Double = 5) -> any ModelServer {
        let e = ServerEndpoint(baseURL: f.baseURL)
        return f.flavor == .openAI ? OpenAIServer(endpoint: e, streamTimeout: timeout) : OllamaServer(endpoint: e, streamTimeout: timeout)
    }

    func name(_ f: FixtureServer) -> String { "127.0.0.1:\(f.port)" }

    @Test(arguments: flavors) func streamsTokensAndSummary(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            f.setReply(.tokens(["Hel", "lo", " wörld", " 🦙"], finishReason: "length"), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.error == nil)
            #expect(r.tokens == ["Hel", "lo", " wörld", " 🦙"])
            #expect(r.summary?.finishReason == "length")
            #expect(r.summary?.completionTokens == 4)
            #expect(r.summary?.promptTokens == 12)
            #expect(r.summary?.generationSeconds != nil)
        }
    }

    @Test(arguments: flavors) func requestCarriesModelMessagesAndOptions(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let req = ChatRequest(model: "alpha", messages: [ChatMessage(role: .system, content: "be brief"),
                                                             ChatMessage(role: .user, content: "hi \"there\"")],
                                  maxTokens: 7, temperature: 0.25)
            _ = await collect(client(f).chat(req))
            let sent = try #require(f.requests.last)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
            #expect(body["model"] as? String == "alpha")
            #expect(body["stream"] as? Bool == true)
            let msgs = try #require(body["messages"] as? [[String: String]])
            #expect(msgs == [["role": "system", "content": "be brief"], ["role": "user", "content": "hi \"there\""]])
            if flavor == .openAI {
                #expect(sent.path == "/v1/chat/completions")
                #expect(body["max_tokens"] as? Int == 7)
                #expect(body["temperature"] as? Double == 0.25)
            } else {
                #expect(sent.path == "/api/chat")
                let options = try #require(body["options"] as? [String: Any])
                #expect(options["num_predict"] as? Int == 7)
                #expect(options["temperature"] as? Double == 0.25)
            }
        }
    }

    @Test(arguments: flavors) func connectionRefused(flavor: FixtureServer.Flavor) async throws {
        // A port nobody listens on (held bound, so no parallel test's server can take it meanwhile).
        let closed = try ClosedPort()
        let port = closed.port
        defer { withExtendedLifetime(closed) {} }
        let e = ServerEndpoint(baseURL: "http://127.0.0.1:\(port)")
        let server: any ModelServer = flavor == .openAI ? OpenAIServer(endpoint: e, streamTimeout: 3) : OllamaServer(endpoint: e, streamTimeout: 3)
        let r = await ask(server, "alpha")
        guard case let .unreachable(s, cause) = r.herdError else {
            Issue.record("expected unreachable, got \(String(describing: r.error))")
            return
        }
        #expect(s == "127.0.0.1:\(port)")
        #expect(cause.contains("refused"), "\(cause)")
        #expect(r.herdError!.description.contains("127.0.0.1:\(port) is unreachable"))
    }

    @Test(arguments: flavors) func serverDiesMidStream(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            // A pause, then the drop (LastBytesTests closes right after the last bytes).
            f.setReply(FixtureReply(steps: [.token("a"), .token("b"), .token("c"), .delay(0.2), .drop]), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["a", "b", "c"], "what streamed before the fault is kept")
            guard case let .interrupted(s, _) = r.herdError else {
                Issue.record("expected interrupted, got \(String(describing: r.error))")
                return
            }
            #expect(s == name(f))
            #expect(r.summary == nil)
        }
    }

    @Test(arguments: flavors) func bodyEndsWithoutEndMarker(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            f.setReply(FixtureReply(steps: [.token("partial"), .token(" reply")]), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.text == "partial reply")
            guard case let .interrupted(_, cause) = r.herdError else {
                Issue.record("expected interrupted, got \(String(describing: r.error))")
                return
            }
            #expect(cause.contains(flavor == .openAI ? "[DONE]" : "done"), "\(cause)")
        }
    }

    @Test(arguments: flavors) func stalledStreamTimesOut(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            f.setReply(FixtureReply.tokens(["x", "y", "z"]).stallingAfter(2), for: "alpha")
            let r = await ask(client(f, timeout: 0.5), "alpha")
            #expect(r.tokens == ["x", "y"])
            #expect(r.herdError == .timeout(server: name(f), seconds: 0.5))
            #expect(r.herdError?.description.contains("0.5 s") == true)
            // The abandoned connection is closed, not leaked.
            #expect(await f.waitUntilNoConnections(timeout: 3))
        }
    }

    @Test(arguments: flavors) func slowButSteadyStreamDoesNotTimeOut(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            // 10 gaps of 0.15 s = 1.5 s in all, longer than the 1 s stall timeout, but never silent that
            // long (the margin is wide because a loaded 2-core machine can pause this process for 0.4 s).
            f.setReply(.tokens((0..<10).map { "t\($0) " }, delay: 0.15), for: "alpha")
            let r = await ask(client(f, timeout: 1.0), "alpha")
            #expect(r.error == nil, "\(String(describing: r.error))")
            #expect(r.tokens.count == 10)
        }
    }

    @Test(arguments: flavors) func headThatNeverComesTimesOut(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            var reply = FixtureReply.tokens(["late"])
            reply.headDelay = 3
            f.setReply(reply, for: "alpha")
            let r = await ask(client(f, timeout: 0.5), "alpha")
            #expect(r.tokens.isEmpty)
            #expect(r.herdError != nil)
            #expect(r.herdError?.description.contains(name(f)) == true)
        }
    }

    @Test(arguments: flavors) func malformedJSONLine(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let bad = flavor == .openAI ? "data: {\"choices\": [oops\n" : "{\"message\": {\"content\": oops\n"
            f.setReply(FixtureReply.tokens(["one", "two", "three"]).inserting(line: bad, afterToken: 2), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["one", "two"])
            guard case let .protocolError(s, cause) = r.herdError else {
                Issue.record("expected protocolError, got \(String(describing: r.error))")
                return
            }
            #expect(s == name(f))
            #expect(cause.hasPrefix(flavor == .openAI ? "event stream line " : "JSON stream line "), "\(cause)")
            #expect(cause.contains("oops"), "\(cause)")
        }
    }

    @Test func anOllamaLineWithoutDoneIsAProtocolErrorNamingItsLine() async throws {
        try await fixture(.ollama) { f in
            f.setReply(FixtureReply.tokens(["one", "two"]).inserting(line: #"{"message":{"role":"assistant","content":"x"}}"#, afterToken: 1),
                       for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["one"])
            guard case let .protocolError(_, cause) = r.herdError else {
                Issue.record("expected protocolError, got \(String(describing: r.error))")
                return
            }
            #expect(cause.hasPrefix("JSON stream line 2: no \"done\" field: "), "\(cause)")
        }
    }

    @Test func nonSSEGarbageLine() async throws {
        try await fixture(.openAI) { f in
            f.setReply(FixtureReply.tokens(["one", "two"]).inserting(line: "<html>502 Bad Gateway</html>", afterToken: 1), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["one"])
            guard case let .protocolError(_, cause) = r.herdError else {
                Issue.record("expected protocolError, got \(String(describing: r.error))")
                return
            }
            #expect(cause.contains("502 Bad Gateway"))
        }
    }

    @Test(arguments: flavors) func http500WithBody(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let body = flavor == .openAI
                ? #"{"error":{"code":500,"message":"CUDA out of memory","type":"server_error"}}"#
                : #"{"error":"CUDA out of memory"}"#
            f.setReply(.error(status: 500, body: body), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.herdError == .http(server: name(f), status: 500, body: "CUDA out of memory"))
            #expect(r.herdError?.description == "\(name(f)) answered HTTP 500: CUDA out of memory")
        }
    }

    @Test func httpErrorWithNonJSONBodyKeepsTheText() async throws {
        try await fixture(.openAI) { f in
            f.setReply(.error(status: 503, body: "upstream overloaded"), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.herdError == .http(server: name(f), status: 503, body: "upstream overloaded"))
        }
    }

    @Test(arguments: flavors) func unknownModel(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let r = await ask(client(f), "gpt-17")
            #expect(r.herdError == .unknownModel(server: name(f), model: "gpt-17"))
        }
    }

    @Test(arguments: flavors) func invalidUTF8IsReplacedAndTheStreamGoesOn(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let prefix = flavor == .openAI ? #"data: {"choices":[{"index":0,"delta":{"content":"caf"# : #"{"message":{"role":"assistant","content":"caf"#
            let suffix = flavor == .openAI ? "\"}}]}\n\n" : "\"},\"done\":false}\n"
            let bad = Array(prefix.utf8) + [0xFF, 0xC3] + Array(suffix.utf8)
            f.setReply(FixtureReply.tokens(["a", "b"]).inserting(bad, afterToken: 1), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.error == nil, "\(String(describing: r.error))")
            #expect(r.tokens == ["a", "caf\u{FFFD}\u{FFFD}", "b"])
            #expect(r.summary != nil)
        }
    }

    @Test(arguments: flavors) func multiByteCharacterSplitAcrossWrites(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let line = flavor == .openAI
                ? #"data: {"choices":[{"index":0,"delta":{"content":"é🦙"}}]}"# + "\n\n"
                : #"{"message":{"role":"assistant","content":"é🦙"},"done":false}"# + "\n"
            let bytes = Array(line.utf8)
            let cut1 = bytes.firstIndex(of: 0xC3)! + 1  // inside é
            let cut2 = cut1 + 3                          // inside the llama
            var reply = FixtureReply.tokens(["<", ">"])
            reply.steps.insert(contentsOf: [.raw(Array(bytes[..<cut1])), .delay(0.05), .raw(Array(bytes[cut1..<cut2])), .delay(0.05),
                                            .raw(Array(bytes[cut2...]))], at: 1)
            f.setReply(reply, for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.error == nil)
            #expect(r.tokens == ["<", "é🦙", ">"])
        }
    }

    @Test(arguments: flavors) func errorObjectMidStream(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            let line = flavor == .openAI
                ? #"data: {"error":{"code":500,"message":"slot unavailable","type":"server_error"}}"# + "\n"
                : #"{"error":"slot unavailable"}"#
            f.setReply(FixtureReply.tokens(["ok", "more"]).inserting(line: line, afterToken: 1), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["ok"])
            #expect(r.herdError == .serverError(server: name(f), message: "slot unavailable"))
        }
    }

    @Test func llamaServerErrorField() async throws {
        try await fixture(.openAI) { f in
            let line = #"error: {"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}"# + "\n"
            f.setReply(FixtureReply.tokens(["ok", "more"]).inserting(line: line, afterToken: 1), for: "alpha")
            let r = await ask(client(f), "alpha")
            #expect(r.tokens == ["ok"])
            #expect(r.herdError == .serverError(server: name(f), message: "the request exceeds the available context size"))
        }
    }

    @Test(arguments: flavors) func cancellingTheConsumerClosesTheConnection(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            f.setReply(.tokens((0..<500).map { "t\($0)" }, delay: 0.02), for: "alpha")
            let server = client(f)
            let task = Task { () -> Int in
                var n = 0
                for try await e in server.chat(ChatRequest(model: "alpha", messages: [ChatMessage(role: .user, content: "hi")])) {
                    if case .token = e { n += 1 }
                }
                return n
            }
            // Wait until the stream is under way, then cancel.
            while f.openConnections == 0 || f.requests.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
            try await Task.sleep(nanoseconds: 100_000_000)
            task.cancel()
            _ = try? await task.value
            #expect(await f.waitUntilNoConnections(timeout: 3), "the server still sees an open connection")
        }
    }

    @Test(arguments: flavors) func breakingOutOfTheLoopClosesTheConnection(flavor: FixtureServer.Flavor) async throws {
        try await fixture(flavor) { f in
            f.setReply(.tokens((0..<500).map { "t\($0)" }, delay: 0.02), for: "alpha")
            var seen = 0
            for try await e in client(f).chat(ChatRequest(model: "alpha", messages: [ChatMessage(role: .user, content: "hi")])) {
                if case .token = e { seen += 1 }
                if seen == 3 { break }
            }
            #expect(seen == 3)
            #expect(await f.waitUntilNoConnections(timeout: 3))
        }
    }

    /// A fixture server for one fault test. The tests measure time (stalls of 0.5 s, closes within 3 s),
    /// so they run while no llama-server test computes.
    func fixture(_ flavor: FixtureServer.Flavor, _ body: (FixtureServer) async throws -> Void) async throws {
        try await LlamaServer.alone { try await FixtureServer.with(flavor, body) }
    }
}
