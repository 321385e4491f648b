import Foundation

/// The bytes each protocol puts on the wire, modelled on llama-server's and Ollama's real output.
enum FixtureWire {
    static func json(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: OpenAI-compatible (llama-server)

    static func openAIChunk(model: String, delta: [String: Any], finishReason: String?, extra: [String: Any] = [:],
                            choice extraChoice: [String: Any] = [:]) -> String {
        var choice: [String: Any] = ["finish_reason": finishReason.map { $0 as Any } ?? NSNull(), "index": 0, "delta": delta]
        for (k, v) in extraChoice { choice[k] = v }
        var obj: [String: Any] = [
            "choices": [choice],
            "created": 1_795_923_175, "id": "chatcmpl-fixture", "model": model, "object": "chat.completion.chunk",
        ]
        for (k, v) in extra { obj[k] = v }
        return "data: " + json(obj) + "\n\n"
    }

    static func openAIRole(model: String) -> String {
        openAIChunk(model: model, delta: ["role": "assistant", "content": NSNull()], finishReason: nil)
    }

    /// One token's log-probability entry, as both protocols spell it: the token, its log-probability and bytes.
    static func logprobEntry(_ t: String, _ logprob: Double) -> [String: Any] {
        ["token": t, "logprob": logprob, "bytes": Array(t.utf8).map(Int.init)]
    }

    static func openAIToken(model: String, _ t: String, logprob: Double? = nil) -> String {
        guard let logprob else { return openAIChunk(model: model, delta: ["content": t], finishReason: nil) }
        var entry = logprobEntry(t, logprob)
        entry["top_logprobs"] = [Any]()  // llama-server sends the alternatives' list even when empty
        return openAIChunk(model: model, delta: ["content": t], finishReason: nil, choice: ["logprobs": ["content": [entry]]])
    }

    static func openAIEnd(model: String, reason: String, promptTokens: Int, completionTokens: Int) -> String {
        let finish = openAIChunk(model: model, delta: [:], finishReason: reason)
        let usage: [String: Any] = [
            "choices": [Any](), "created": 1_795_923_175, "id": "chatcmpl-fixture", "model": model, "object": "chat.completion.chunk",
            "usage": ["completion_tokens": completionTokens, "prompt_tokens": promptTokens, "total_tokens": promptTokens + completionTokens],
            "timings": ["prompt_n": promptTokens, "predicted_n": completionTokens, "predicted_ms": Double(completionTokens) * 2.5],
        ]
        return finish + "data: " + json(usage) + "\n\ndata: [DONE]\n\n"
    }

    static func openAIError(status: Int, message: String) -> String {
        json(["error": ["code": status, "message": message, "type": status >= 500 ? "server_error" : "invalid_request_error"]])
    }

    static func openAIModels(_ models: [FixtureModel]) -> String {
        json(["object": "list", "data": models.map { m -> [String: Any] in
            var args = ["llama-server", "--alias", m.id, "--ctx-size", String(m.contextLength ?? 2048)]
            if m.embedding { args.insert("--embeddings", at: 1) }
            return ["id": m.id, "object": "model", "owned_by": "llamacpp", "created": 1_795_923_174,
                    "status": ["value": m.loaded ? "loaded" : "unloaded", "args": args]]
        }])
    }

    // MARK: Ollama

    static let createdAt = "2026-11-29T03:30:00.000000Z"

    static func ollamaToken(model: String, _ t: String, logprob: Double? = nil) -> String {
        var line: [String: Any] = ["model": model, "created_at": createdAt, "message": ["role": "assistant", "content": t], "done": false]
        // api.Logprob: the token, its log-probability and bytes, and the alternatives asked for (none here).
        if let logprob { line["logprobs"] = [logprobEntry(t, logprob)] }
        return json(line) + "\n"
    }

    static func ollamaEnd(model: String, reason: String, promptTokens: Int, completionTokens: Int) -> String {
        json([
            "model": model, "created_at": createdAt, "message": ["role": "assistant", "content": ""], "done": true,
            "done_reason": reason, "total_duration": 5_191_566_416, "load_duration": 2_154_458,
            "prompt_eval_count": promptTokens, "prompt_eval_duration": 383_809_000,
            "eval_count": completionTokens, "eval_duration": completionTokens * 25_000_000,
        ]) + "\n"
    }

    static func ollamaError(_ message: String) -> String { json(["error": message]) }

    static func details(_ m: FixtureModel) -> [String: Any] {
        ["parent_model": "", "format": "gguf", "family": m.family, "families": [m.family],
         "parameter_size": m.sizeB.map { $0 >= 1 ? String(format: "%.1fB", $0) : String(format: "%.0fM", $0 * 1000) } ?? "",
         "quantization_level": m.quantization ?? ""]
    }

    static func ollamaTags(_ models: [FixtureModel]) -> String {
        json(["models": models.map { m -> [String: Any] in
            ["name": m.id, "model": m.id, "modified_at": createdAt, "size": 4_661_224_676,
             "digest": "sha256:fixture", "details": details(m)]
        }])
    }

    static func ollamaPS(_ models: [FixtureModel]) -> String {
        json(["models": models.filter(\.loaded).map { m -> [String: Any] in
            ["name": m.id, "model": m.id, "size": 5_137_025_024, "digest": "sha256:fixture", "details": details(m),
             "expires_at": "2026-11-29T04:30:00Z", "size_vram": 5_137_025_024]
        }])
    }

    static func ollamaShow(_ m: FixtureModel) -> String {
        var info: [String: Any] = ["general.architecture": m.family, "general.file_type": 2]
        if let s = m.sizeB { info["general.parameter_count"] = Int(s * 1e9) }
        if let c = m.contextLength { info["\(m.family).context_length"] = c }
        info["\(m.family).attention.head_count"] = 32
        info["tokenizer.ggml.tokens"] = [String]()
        return json(["modelfile": "# fixture", "parameters": "", "template": "{{ .Prompt }}", "details": details(m),
                     "model_info": info, "capabilities": m.embedding ? ["embedding"] : ["completion"],
                     "modified_at": createdAt])
    }

    /// A deterministic unit vector for a text (character histogram folded into `dim` buckets).
    static func embedding(_ text: String, dim: Int) -> [Double] {
        var v = [Double](repeating: 0, count: dim)
        for (i, u) in text.unicodeScalars.enumerated() { v[(Int(u.value) + i) % dim] += 1 }
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return n > 0 ? v.map { $0 / n } : v.enumerated().map { $0.offset == 0 ? 1 : 0 }
    }
}
