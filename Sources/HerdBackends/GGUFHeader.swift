import Foundation

/// What a GGUF file's header says about its model, read without touching the weights.
///
/// llama-server in router mode lists unloaded models with no size, only the `--model PATH` they will
/// run with; when that file is on this machine its header gives the parameter count (the sum of the
/// tensors' element counts, as Ollama counts it), the names the model was published under, and
/// whether it carries a chat template (base models do not).
public struct GGUFHeader: Sendable, Hashable {
    public var parameterCount: Int
    public var architecture: String?
    /// `general.name`, e.g. "SmolLM2 135M Instruct".
    public var name: String?
    /// `general.basename` + `general.size_label` + `general.finetune`, joined as a model id would be.
    public var publishedName: String?
    public var hasChatTemplate: Bool
    /// `general.file_type` as llama.cpp names it (`Q4_K_M`), when known.
    public var quantization: String?

    /// Reads the header of the GGUF file at `path`.
    public static func read(path: String) throws -> GGUFHeader {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        do {
            return try data.withUnsafeBytes { raw in
                var reader = Reader(bytes: raw)
                return try parse(&reader)
            }
        } catch let e as GGUFError {
            throw GGUFError(message: "\(path): \(e.message)")
        }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
            guard n >= 0, offset + n <= bytes.count else { throw GGUFError(message: "the header ends early at byte \(offset)") }
            defer { offset += n }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let b = try take(MemoryLayout<T>.size)
            var v = T.zero
            withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: b) }
            return T(littleEndian: v)
        }

        mutating func string() throws -> String {
            let n = try integer(UInt64.self)
            guard n < 1 << 28 else { throw GGUFError(message: "a string of \(n) bytes at byte \(offset) is not plausible") }
            return String(decoding: try take(Int(n)), as: UTF8.self)
        }
    }

    /// Sizes of GGUF's fixed-width value types, by type id.
    private static let fixedSizes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
    private static let fileTypes: [Int: String] = [0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
                                                   10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S",
                                                   15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 32: "BF16"]

    static func parse(_ r: inout Reader) throws -> GGUFHeader {
        let magic = try r.take(4)
        guard Array(magic) == Array("GGUF".utf8) else { throw GGUFError(message: "not a GGUF file (no GGUF magic)") }
        let version = try r.integer(UInt32.self)
        guard version >= 2 else { throw GGUFError(message: "GGUF version \(version) is too old (2 or later is read)") }
        let tensors = try r.integer(UInt64.self)
        let pairs = try r.integer(UInt64.self)
        var strings: [String: String] = [:]
        var integers: [String: Int] = [:]
        var template = false
        for _ in 0..<pairs {
            let key = try r.string()
            let type = try r.integer(UInt32.self)
            if key == "tokenizer.chat_template" { template = true }
            if type == 8, key.hasPrefix("general.") {
                strings[key] = try r.string()
            } else if key == "general.file_type", let size = fixedSizes[type] {
                let b = try r.take(size)
                var v = 0
                for (i, byte) in b.enumerated() where i < 8 { v |= Int(byte) << (8 * i) }
                integers[key] = v
            } else {
                try skipValue(type: type, &r)
            }
        }
        var count = 0
        for _ in 0..<tensors {
            _ = try r.string()
            let dims = try r.integer(UInt32.self)
            guard dims <= 8 else { throw GGUFError(message: "a tensor with \(dims) dimensions is not plausible") }
            var n = 1
            for _ in 0..<dims { n = n.multipliedReportingOverflow(by: Int(try r.integer(UInt64.self))).partialValue }
            _ = try r.take(4 + 8)   // type and offset
            count += n
        }
        let published = [strings["general.basename"], strings["general.size_label"], strings["general.finetune"]]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return GGUFHeader(parameterCount: count, architecture: strings["general.architecture"], name: strings["general.name"],
                          publishedName: published.count >= 2 ? published.joined(separator: "-") : nil,
                          hasChatTemplate: template, quantization: integers["general.file_type"].flatMap { fileTypes[$0] })
    }

    private static func skipValue(type: UInt32, _ r: inout Reader) throws {
        if let size = fixedSizes[type] { _ = try r.take(size); return }
        switch type {
        case 8:
            let n = try r.integer(UInt64.self)
            _ = try r.take(Int(min(n, UInt64(Int.max))))
        case 9:
            let inner = try r.integer(UInt32.self)
            let n = try r.integer(UInt64.self)
            if let size = fixedSizes[inner] {
                _ = try r.take(Int(n) * size)
            } else {
                for _ in 0..<n { try skipValue(type: inner, &r) }
            }
        default:
            throw GGUFError(message: "unknown value type \(type) at byte \(r.offset)")
        }
    }
}

/// A GGUF header that cannot be read: the file and the reason.
public struct GGUFError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
