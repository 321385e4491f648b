import HerdCore

/// Embeds texts of any length through a server that refuses inputs longer than the model's context.
///
/// Batches of texts are sent whole; when the server says an input is too large, that text is split
/// at a word boundary near its middle, the halves are embedded (recursively), and their vectors are
/// averaged weighted by length — the mean-pooling the models themselves do — then re-normalised
/// when the server returns unit vectors.
struct EmbeddingSplitter: Sendable {
    /// Texts per request.
    var batchSize = 32
    let send: @Sendable ([String]) async throws -> [[Float]]

    func embed(_ texts: [String]) async throws -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        var i = 0
        while i < texts.count {
            let batch = Array(texts[i..<min(i + batchSize, texts.count)])
            do {
                out += try await checked(send(batch), count: batch.count)
            } catch let e as HerdError where Self.isTooLarge(e) {
                for t in batch { out.append(try await embedOne(t)) }
            }
            i += batchSize
        }
        return out
    }

    private func embedOne(_ text: String) async throws -> [Float] {
        do {
            return try checked(await send([text]), count: 1)[0]
        } catch let e as HerdError where Self.isTooLarge(e) {
            guard let (a, b) = Self.halve(text) else { throw e }
            let va = try await embedOne(a)
            let vb = try await embedOne(b)
            return Self.combine(va, weight: Float(a.count), vb, weight: Float(b.count))
        }
    }

    private func checked(_ v: [[Float]], count: Int) throws -> [[Float]] {
        guard v.count == count else {
            throw HerdError.other("embedding server returned \(v.count) vectors for \(count) inputs")
        }
        return v
    }

    /// Context-overflow errors as llama-server, vLLM and Ollama word them.
    static func isTooLarge(_ e: HerdError) -> Bool {
        let msg: String
        switch e {
        case let .http(_, status, body) where [400, 413, 422, 500].contains(status): msg = body
        case let .serverError(_, m): msg = m
        default: return false
        }
        let m = msg.lowercased()
        return ["too large", "too long", "exceed", "context length", "context size", "maximum context", "input length"]
            .contains { m.contains($0) }
    }

    /// Splits near the middle, at whitespace when there is some nearby.
    static func halve(_ text: String) -> (String, String)? {
        let chars = Array(text)
        guard chars.count >= 2 else { return nil }
        let mid = chars.count / 2
        var cut = mid
        let window = max(1, chars.count / 4)
        for d in 0..<window {
            if mid + d < chars.count, chars[mid + d].isWhitespace { cut = mid + d; break }
            if mid - d > 0, chars[mid - d].isWhitespace { cut = mid - d; break }
        }
        if cut <= 0 || cut >= chars.count { cut = mid }
        return (String(chars[..<cut]), String(chars[cut...]))
    }

    static func combine(_ a: [Float], weight wa: Float, _ b: [Float], weight wb: Float) -> [Float] {
        guard a.count == b.count, !a.isEmpty else { return a.isEmpty ? b : a }
        let total = max(wa + wb, 1)
        var v = [Float](repeating: 0, count: a.count)
        for i in 0..<a.count { v[i] = (a[i] * wa + b[i] * wb) / total }
        func norm(_ x: [Float]) -> Float { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let unit = abs(norm(a) - 1) < 1e-3 && abs(norm(b) - 1) < 1e-3
        if unit {
            let n = norm(v)
            if n > 0 { for i in 0..<v.count { v[i] /= n } }
        }
        return v
    }
}
