extension OpenAIChunk {
    /// The chunk read by `JSONScanner`, or `nil` when anything in it is not what the common case
    /// looks like (an `error` member, a duplicate key, a type `JSONDecoder` would reject or read
    /// differently): the caller then decodes it with `JSONDecoder`, the reference.
    static func scan(_ json: String) -> OpenAIChunk? {
        var json = json
        return json.withUTF8 { buf -> OpenAIChunk? in
            var s = JSONScanner(buf)
            var chunk = OpenAIChunk()
            let ok = s.object { s, key in
                switch key {
                case "choices", "usage", "timings", "error": break
                default: return s.skip()
                }
                if s.null() { return true }
                switch key {
                case "choices":
                    var choices: [Choice] = []
                    guard s.array({ s in
                        guard let c = Choice.scan(&s) else { return false }
                        choices.append(c)
                        return true
                    }) else { return false }
                    chunk.choices = choices
                    return true
                case "usage":
                    var u = Usage()
                    guard s.object({ s, key in
                        switch key {
                        case "prompt_tokens": return s.optionalInt(&u.prompt_tokens)
                        case "completion_tokens": return s.optionalInt(&u.completion_tokens)
                        default: return s.skip()
                        }
                    }) else { return false }
                    chunk.usage = u
                    return true
                case "timings":
                    var t = Timings()
                    guard s.object({ s, key in
                        switch key {
                        case "prompt_n": return s.optionalInt(&t.prompt_n)
                        case "predicted_n": return s.optionalInt(&t.predicted_n)
                        case "predicted_ms": return s.optionalDouble(&t.predicted_ms)
                        default: return s.skip()
                        }
                    }) else { return false }
                    chunk.timings = t
                    return true
                default:
                    // A server error: rare, and read by `ErrorValue`'s own rules.
                    return false
                }
            }
            return ok && s.atEnd ? chunk : nil
        }
    }
}

extension OpenAIChunk.Choice {
    static func scan(_ s: inout JSONScanner) -> OpenAIChunk.Choice? {
        var c = OpenAIChunk.Choice()
        let ok = s.object { s, key in
            switch key {
            case "delta", "text", "finish_reason", "logprobs": break
            default: return s.skip()
            }
            if s.null() { return true }
            switch key {
            case "delta":
                var d = OpenAIChunk.Delta()
                guard s.object({ s, key in key == "content" ? s.optionalString(&d.content) : s.skip() }) else { return false }
                c.delta = d
            case "text":
                guard let t = s.string() else { return false }
                c.text = t
            case "finish_reason":
                guard let r = s.string() else { return false }
                c.finish_reason = r
            default:
                var l = OpenAIChunk.Logprobs()
                guard s.object({ s, key in
                    guard key == "content" else { return s.skip() }
                    if s.null() { l.content = nil; return true }
                    var entries: [OpenAIChunk.Logprobs.Entry] = []
                    guard s.array({ s in
                        var e = OpenAIChunk.Logprobs.Entry()
                        guard s.object({ s, key in key == "logprob" ? s.optionalDouble(&e.logprob) : s.skip() }) else { return false }
                        entries.append(e)
                        return true
                    }) else { return false }
                    l.content = entries
                    return true
                }) else { return false }
                c.logprobs = l
            }
            return true
        }
        return ok ? c : nil
    }
}

extension JSONScanner {
    /// Reads an optional member the way a synthesized `Decodable` does: `null` is `nil`.
    fileprivate mutating func optionalInt(_ into: inout Int?) -> Bool {
        if null() { return true }
        guard let v = int() else { return false }
        into = v
        return true
    }

    fileprivate mutating func optionalDouble(_ into: inout Double?) -> Bool {
        if null() { return true }
        guard let v = double() else { return false }
        into = v
        return true
    }

    fileprivate mutating func optionalString(_ into: inout String?) -> Bool {
        if null() { return true }
        guard let v = string() else { return false }
        into = v
        return true
    }
}
