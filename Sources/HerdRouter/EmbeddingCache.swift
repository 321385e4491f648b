import Foundation
import HerdCore

/// Dense view provider: embeds prompts through a caller-supplied function (HerdRouter does no
/// HTTP) and remembers every vector in memory and, when given a path, on disk, so that no prompt
/// is embedded twice across runs.
///
/// Disk format: appended binary records `[key: 16 bytes][dim: UInt32][dim × Float32]`, keyed by
/// two independent 64-bit hashes of `model + NUL + text`.
public actor EmbeddingCache {
    public typealias Embed = @Sendable ([String]) async throws -> [[Float]]

    public let model: String
    public let path: String?
    private let embedFunction: Embed
    private var vectors: [Key: [Float]] = [:]
    /// Texts sent to the embedding function so far (tests and benchmarks read it).
    public private(set) var embeddedCount = 0
    public var batchSize = 64

    struct Key: Hashable { var a: UInt64; var b: UInt64 }

    /// - Parameters:
    ///   - model: the embedding model's id (part of the key: another model means other vectors).
    ///   - path: cache file, created when missing; `nil` keeps the cache in memory only.
    public init(model: String, path: String? = nil, embed: @escaping Embed) throws {
        self.model = model
        self.path = path
        self.embedFunction = embed
        if let path, let data = FileManager.default.contents(atPath: path) {
            vectors = try Self.read(data, file: path)
        }
    }

    public var count: Int { vectors.count }

    /// One vector per text, in order; only texts never seen before reach the embedding function.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let keys = texts.map { key($0) }
        var missing: [String] = []
        var seen = Set<Key>()
        for (t, k) in zip(texts, keys) where vectors[k] == nil && !seen.contains(k) {
            missing.append(t); seen.insert(k)
        }
        var i = 0
        while i < missing.count {
            let batch = Array(missing[i..<min(i + batchSize, missing.count)])
            let got = try await embedFunction(batch)
            guard got.count == batch.count else {
                throw HerdError.other("the embedding model \(model) returned \(got.count) vectors for \(batch.count) texts")
            }
            var record = Data()
            for (t, v) in zip(batch, got) {
                let k = key(t)
                vectors[k] = v
                record.append(Self.encode(k, v))
            }
            embeddedCount += batch.count
            if let path { try append(record, to: path) }
            i += batchSize
        }
        return keys.map { vectors[$0]! }
    }

    private func key(_ text: String) -> Key {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325, b: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in model.utf8 { a = (a ^ UInt64(byte)) &* 0x100_0000_01B3; b = (b &* 31) &+ UInt64(byte) &+ 7 }
        a = (a ^ 0) &* 0x100_0000_01B3
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        }
        return Key(a: a, b: b ^ UInt64(text.utf8.count))
    }

    private static func encode(_ k: Key, _ v: [Float]) -> Data {
        var d = Data()
        withUnsafeBytes(of: k.a.littleEndian) { d.append(contentsOf: $0) }
        withUnsafeBytes(of: k.b.littleEndian) { d.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(v.count).littleEndian) { d.append(contentsOf: $0) }
        v.withUnsafeBufferPointer { d.append(Data(buffer: $0)) }
        return d
    }

    private static func read(_ data: Data, file: String) throws -> [Key: [Float]] {
        var out: [Key: [Float]] = [:]
        let bytes = [UInt8](data)
        var o = 0
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        while o < bytes.count {
            guard o + 20 <= bytes.count else {
                throw HerdError.badInput(file: file, line: nil, cause: "embedding cache truncated at byte \(o); delete the file to rebuild it")
            }
            let k = Key(a: u64(o), b: u64(o + 8))
            let dim = Int((0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[o + 16 + $1]) << (8 * UInt32($1)) })
            let end = o + 20 + dim * 4
            guard dim > 0, dim < 1 << 16, end <= bytes.count else {
                throw HerdError.badInput(file: file, line: nil, cause: "embedding cache damaged at byte \(o); delete the file to rebuild it")
            }
            out[k] = bytes[(o + 20)..<end].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            o = end
        }
        return out
    }

    private func append(_ record: Data, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: path, contents: record) else {
                throw HerdError.badInput(file: path, line: nil, cause: "cannot create the embedding cache")
            }
            return
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot write the embedding cache")
        }
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: record)
    }
}
