import Foundation
import HerdCore

/// Loads routing data (JSONL, one `{"prompt", "scores": {model: 0..1}}` object per line) and split
/// files (`id<TAB>split` TSV with a header), reporting bad lines by file and line number.
public enum RoutingDataset {
    private struct Line: Decodable {
        var id: String?
        var prompt: String?
        var source: String?
        var scores: [String: Double]?
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
            } catch {
                throw HerdError.badInput(file: file, line: lineNo, cause: "not a JSON object with \"prompt\" and \"scores\" (\(describe(error)))")
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
            out.append(RoutingExample(id: line.id, prompt: prompt, source: line.source, scores: scores))
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
