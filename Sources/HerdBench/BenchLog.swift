import Foundation
import HerdCore
#if canImport(Glibc)
import Glibc
#endif

/// The output file of a bench run: routing-data lines, appended as questions complete, read back to resume.
///
/// Several lines may hold the same question (a partial line written on Ctrl-C, then the rest on resume);
/// they are merged on reading, and `compact` rewrites the file with one line per question.
public actor BenchLog {
    public nonisolated let path: String
    /// Every question's merged record, by id.
    public private(set) var records: [String: BenchRecord] = [:]
    /// Ids in the order they first appeared in the file.
    private var order: [String] = []
    private var needsCompaction = false

    /// Opens (and reads) the file at `path`, creating it when missing.
    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        if let data = fm.contents(atPath: path), !data.isEmpty {
            guard let text = String(data: data, encoding: .utf8) else {
                throw HerdError.badInput(file: path, line: nil, cause: "the output file is not UTF-8")
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let decoder = JSONDecoder()
            for (i, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                do {
                    let r = try decoder.decode(BenchRecord.self, from: Data(line.utf8))
                    if records[r.id] == nil { order.append(r.id); records[r.id] = r } else {
                        records[r.id]!.merge(r)
                        needsCompaction = true
                    }
                } catch {
                    // A line cut short by a kill while writing: the last one, without its newline. Drop it.
                    if i == lines.count - 1 && !text.hasSuffix("\n") {
                        needsCompaction = true
                        continue
                    }
                    throw HerdError.badInput(file: path, line: i + 1, cause: "not a bench record line (\(Self.describe(error)))")
                }
            }
            if !text.hasSuffix("\n") { needsCompaction = true }
        } else if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else {
                throw HerdError.badInput(file: path, line: nil, cause: "cannot create the output file")
            }
        }
    }

    /// Rewrites the file now when reading it found duplicates or a cut line, so that appends start clean.
    public func repairIfNeeded() throws {
        if needsCompaction { try compact(order: []) }
    }

    /// Appends one question's line (its merged record) and remembers it.
    public func append(_ record: BenchRecord) throws {
        var merged = records[record.id] ?? record
        if records[record.id] == nil { order.append(record.id) } else { merged.merge(record) }
        records[record.id] = merged
        let line = try Self.encode(record) + "\n"
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot open the output file for writing")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        needsCompaction = needsCompaction || merged != record
    }

    /// Rewrites the file with one line per question: ids of `order` first (the suite's order), then the rest
    /// as they appeared. Written to a temporary file and renamed, so a crash leaves the old file whole.
    public func compact(order preferred: [String]) throws {
        var seen = Set<String>()
        var ids: [String] = []
        for id in preferred + order where records[id] != nil && !seen.contains(id) {
            seen.insert(id)
            ids.append(id)
        }
        var out = ""
        for id in ids { out += try Self.encode(records[id]!) + "\n" }
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(out.utf8)) else {
            throw HerdError.badInput(file: tmp, line: nil, cause: "cannot write the compacted output")
        }
        guard rename(tmp, path) == 0 else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot replace the output file: \(String(cString: strerror(errno)))")
        }
        order = ids
        needsCompaction = false
    }

    static func encode(_ r: BenchRecord) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(r), as: UTF8.self)
    }

    static func describe(_ error: Error) -> String {
        if case let DecodingError.keyNotFound(key, _) = error { return "missing \"\(key.stringValue)\"" }
        if case let DecodingError.typeMismatch(_, ctx) = error {
            return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        return "invalid JSON"
    }
}
