import Foundation
@testable import HerdBackends
import HerdRouter
import Testing

/// `OpenAIChunk.scan` (the stream's fast path) reads a chunk exactly as `JSONDecoder` does, or
/// declines and leaves it to `JSONDecoder`.
@Suite struct OpenAIChunkScanTests {
    static func reference(_ json: String) -> OpenAIChunk? {
        try? JSONDecoder().decode(OpenAIChunk.self, from: Data(json.utf8))
    }

    /// Chunks as servers send them: the fast path must read each one, the same as the reference.
    static let common = [
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1796016510,"id":"chatcmpl-ear6","model":"story","system_fingerprint":"b1-0c1e570","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" w1"}}],"created":1796016510,"id":"chatcmpl-ear6","model":"story","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1796016510,"model":"story","timings":{"cache_n":0,"prompt_n":23,"prompt_ms":2.874,"prompt_per_token_ms":0.12495652173913044,"predicted_n":3,"predicted_ms":19.754,"predicted_per_second":101.24531740407005}}"#,
        #"{"choices":[{"delta":{"content":"\"quoted\" \\ \/ \b\f\n\r\t tab"}}]}"#,
        #"{"choices":[{"delta":{"content":"\u00e9\u4e2d\ud83e\udd99 é 中 🦙 \u001b[31m"}}]}"#,
        #"{"choices":[{"delta":{"content":"�"}}]}"#,
        #" { "choices" : [ { "delta" : { "content" : "spaced" } , "finish_reason" : "stop" } ] , "usage" : { "prompt_tokens" : 5 , "completion_tokens" : 7 } } "#,
        #"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":200,"total_tokens":212}}"#,
        #"{"choices":[{"text":"legacy","finish_reason":null}]}"#,
        #"{"choices":[{"delta":{"content":"x"},"logprobs":{"content":[{"id":1,"token":"x","bytes":[120],"logprob":-0.25,"top_logprobs":[{"token":"y","logprob":-2.5e0}]},{"logprob":null}]}}]}"#,
        #"{"choices":[{"delta":{"content":""},"logprobs":null}],"usage":null,"timings":null,"error":null}"#,
        #"{"choices":null,"extra":{"nested":[1,-2.5,3e10,true,false,null,{"a":[]}],"s":"\u0041"}}"#,
        #"{"choices":[{"delta":{"content":"a"}}],"timings":{"predicted_ms":-0,"predicted_n":0,"prompt_n":-0}}"#,
        "{}",
        "{" + (0..<31).map { #""k\#($0)":"v\#($0)""# }.joined(separator: ",") + #","choices":[{"delta":{"content":"32 keys"}}]}"#,
    ]

    /// What the fast path must leave to `JSONDecoder` (the reference may accept or reject each).
    static let declined = [
        #"{"error":{"message":"boom","type":"server_error"}}"#,
        #"{"error":"boom"}"#,
        #"{"choices":[{"delta":{"content":"lone \ud83e surrogate"}}]}"#,
        #"{"choices":[{"delta":{"content":"low \udd99 first"}}]}"#,
        #"{"choices":[{"delta":{"content":5}}]}"#,
        #"{"choices":[null]}"#,
        #"{"usage":{"prompt_tokens":1.5}}"#,
        #"{"usage":{"prompt_tokens":1e2}}"#,
        #"{"usage":{"prompt_tokens":99999999999999999999}}"#,
        #"{"choices":[],"choices":[]}"#,
        #"{"id":"a","model":"m","id":"b","choices":[]}"#,
        // An escaped key is the same key to JSONDecoder; keys are compared as written here.
        #"{"\u0063hoices":[{"delta":{"content":"x"}}]}"#,
        #"{"choices":[{"delta":{"c\u006Fntent":"x"}}]}"#,
        "{" + (0...32).map { #""k\#($0)":0"# }.joined(separator: ",") + "}",
        #"{"choices":[{"delta":{"content":"a","content":"b"}}]}"#,
        #"{"choices":[{"delta":{"content":"raw"# + "\u{01}" + #"control"}}]}"#,
        #"{"choices":[{"delta":{"content":"bad \x escape"}}]}"#,
        #"{"choices":[{"delta":{"content":"unterminated}}]}"#,
        #"{"choices":[{"delta":{"content":"x"}}],}"#,
        #"{"choices":[{"delta":{"content":"x"}}]} trailing"#,
        #"{"a":01}"#,
        #"{"a":1.}"#,
        #"{"a":-}"#,
        #"{"a":tru}"#,
        #"[1,2]"#,
        "",
        String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100),
    ]

    @Test func readsWhatServersSendAsTheReferenceDoes() throws {
        for json in Self.common {
            let ref = try #require(Self.reference(json), "reference failed on \(json)")
            let fast = OpenAIChunk.scan(json)
            #expect(fast != nil, "fast path declined \(json)")
            #expect(fast == ref, "\(json)")
        }
        // The escapes are really read, not just accepted.
        let text = OpenAIChunk.scan(Self.common[4])?.choices?.first?.delta?.content
        #expect(text == "é中🦙 é 中 🦙 \u{1B}[31m")
        #expect(OpenAIChunk.scan(Self.common[9])?.choices?.first?.logprobs?.content?.map(\.logprob) == [-0.25, nil])
    }

    @Test func leavesTheUnusualToTheReference() {
        for json in Self.declined {
            #expect(OpenAIChunk.scan(json) == nil, "\(json)")
        }
    }

    /// Thousands of damaged chunks (bytes changed, cut, duplicated): whenever the fast path reads
    /// one, the reference reads it too and to the same value.
    @Test func neverDisagreesWithTheReferenceOnDamagedInput() {
        var rng = SplitMix64(seed: 14)
        let alphabet = Array(#"{}[]:,"\\u0dD8e.-+ 1aAnlt"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        var read = 0
        for n in 0..<20_000 {
            var bytes = Array(Self.common[n % Self.common.count].utf8)
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                default: bytes = Array(bytes[..<at])
                }
                if bytes.isEmpty { break }
            }
            let json = String(decoding: bytes, as: UTF8.self)
            guard let fast = OpenAIChunk.scan(json) else { continue }
            read += 1
            #expect(fast == Self.reference(json), "\(json)")
        }
        // Many damaged chunks are still valid JSON (a changed letter inside a string): the fast path read some.
        #expect(read > 1000)
    }
}
