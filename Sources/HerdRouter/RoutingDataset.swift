import Foundation
import HerdCore

/// Loads routing data (JSONL, one `{"prompt", "scores": {model: 0..1}}` object per line) and split
/// files (`id<TAB>split` TSV with a header), reporting bad lines by file and line number.
public enum RoutingDataset {
    /// A data line's problem, already phrased for the user.
    private struct LineError: Error { var cause: String }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// One line, read leniently where data from the wild differs harmlessly (integer ids, `null`
    /// or `NaN` for a score that is missing) and strictly elsewhere, with the field named.
    private struct Line: Decodable {
        var id: String?
        var prompt: String?
        var source: String?
        var scores: [String: Double]?
        var costUSD: [String: Double]?
        var seconds: [String: Double]?

        init(from decoder: Decoder) throws {
            guard let c = try? decoder.container(keyedBy: Key.self) else {
                throw LineError(cause: "not a JSON object (expected {\"prompt\": …, \"scores\": {model: 0..1}})")
            }
            if c.contains(Key("id")), !(try c.decodeNil(forKey: Key("id"))) {
                if let s = try? c.decode(String.self, forKey: Key("id")) {
                    id = s
                } else if let i = try? c.decode(Int64.self, forKey: Key("id")) {
                    id = String(i)
                } else {
                    throw LineError(cause: "\"id\" is neither a string nor an integer")
                }
            }
            prompt = try Self.string(c, "prompt")
            source = try Self.string(c, "source")
            scores = try Self.numbers(c, "scores")
            costUSD = try Self.numbers(c, "cost_usd")
            seconds = try Self.numbers(c, "seconds")
        }

        static func string(_ c: KeyedDecodingContainer<Key>, _ name: String) throws -> String? {
            guard c.contains(Key(name)), !(try c.decodeNil(forKey: Key(name))) else { return nil }
            guard let s = try? c.decode(String.self, forKey: Key(name)) else { throw LineError(cause: "\"\(name)\" is not a string") }
            return s
        }

        /// An object of model → number; `null` and `NaN` values mean "no figure" and are dropped.
        static func numbers(_ c: KeyedDecodingContainer<Key>, _ name: String) throws -> [String: Double]? {
            guard c.contains(Key(name)), !(try c.decodeNil(forKey: Key(name))) else { return nil }
            guard let inner = try? c.nestedContainer(keyedBy: Key.self, forKey: Key(name)) else {
                throw LineError(cause: "\"\(name)\" is not an object of model name → number")
            }
            var out: [String: Double] = [:]
            for k in inner.allKeys {
                if try inner.decodeNil(forKey: k) { continue }
                guard let v = try? inner.decode(Double.self, forKey: k) else {
                    throw LineError(cause: "\(name).\(k.stringValue) is not a number")
                }
                if v.isNaN { continue }
                out[k.stringValue] = v
            }
            return out
        }
    }

    /// Parses every non-blank line of a JSONL file.
    public static func load(path: String) throws -> [RoutingExample] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot read the file (missing or unreadable)")
        }
        return try parse(data, file: path)
    }

    /// Parses JSONL bytes; `file` names the source in errors.
    public static func parse(_ data: Data, file: String) throws -> [RoutingExample] {
        var out: [RoutingExample] = []
        let decoder = JSONDecoder()
        // JSON5 reads the bare NaN that Python's json module writes for a missing figure.
        decoder.allowsJSON5 = true
        var lineNo = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNo += 1
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let slice = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let line: Line
            do {
                line = try decoder.decode(Line.self, from: Data(slice))
            } catch let e as LineError {
                throw HerdError.badInput(file: file, line: lineNo, cause: e.cause)
            } catch {
                throw HerdError.badInput(file: file, line: lineNo, cause: "not valid JSON (\(describe(error)))")
            }
            guard let prompt = line.prompt else {
                throw HerdError.badInput(file: file, line: lineNo, cause: "missing \"prompt\"")
            }
            guard let scores = line.scores else {
                throw HerdError.badInput(file: file, line: lineNo, cause: "missing \"scores\" (an object of model name → 0..1)")
            }
            for (model, s) in scores where !(s >= 0 && s <= 1) {
                throw HerdError.badInput(file: file, line: lineNo, cause: "score of \"\(model)\" is \(s), expected a number in 0..1")
            }
            for (name, figures) in [("cost_usd", line.costUSD), ("seconds", line.seconds)] {
                for (model, v) in figures ?? [:] where !(v >= 0 && v.isFinite) {
                    throw HerdError.badInput(file: file, line: lineNo, cause: "\(name) of \"\(model)\" is \(v), expected a number ≥ 0")
                }
            }
            out.append(RoutingExample(id: line.id, prompt: prompt, source: line.source, scores: scores, costUSD: line.costUSD,
                                      seconds: line.seconds, file: file, line: lineNo))
        }
        if out.isEmpty { throw HerdError.badInput(file: file, line: nil, cause: "no data lines") }
        return out
    }

    /// Reads a split file: a header line `id<TAB>split`, then one `id<TAB>name` per line.
    public static func loadSplit(path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot read the file (missing or unreadable)")
        }
        return try parseSplit(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parseSplit(_ text: String, file: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw HerdError.badInput(file: file, line: i + 1, cause: "expected two tab-separated columns: id, split")
            }
            if i == 0 && parts[0] == "id" { continue }
            out[String(parts[0])] = String(parts[1])
        }
        if out.isEmpty { throw HerdError.badInput(file: file, line: nil, cause: "no split lines") }
        return out
    }

    /// Refuses rows a split cannot place: a row without an id, or an id used twice (a split
    /// assigns ids, so either would put a row in no split or in two).
    public static func checkIDs(_ examples: [RoutingExample]) throws {
        var seen: [String: Int] = [:]
        for e in examples {
            guard let id = e.id else {
                throw HerdError.badInput(file: e.file ?? "data", line: e.line, cause: "row without \"id\": a split file assigns rows by id")
            }
            if let first = seen[id] {
                throw HerdError.badInput(file: e.file ?? "data", line: e.line, cause: "id \"\(id)\" also on line \(first): a split file assigns rows by id")
            }
            seen[id] = e.line ?? 0
        }
    }

    /// The rows of `examples` whose id the split assigns to `name`; all rows when `split` is nil.
    public static func select(_ examples: [RoutingExample], split: [String: String]?, name: String) -> [RoutingExample] {
        guard let split else { return examples }
        return examples.filter { $0.id.flatMap { split[$0] } == name }
    }

    private static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .typeMismatch(_, c), let .valueNotFound(_, c), let .keyNotFound(_, c), let .dataCorrupted(c):
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }
}
