import Foundation
import HerdCore

/// The router file: a small binary container that loads with one pass of reads straight into the
/// model's arrays.
///
/// Layout (little-endian): the 8 bytes `HERDRTR\n`, a UInt32 format version, a UInt32 header
/// length, the JSON header (`RouterFileHeader`), zero padding to a multiple of 8, then the data
/// section: each array at its listed offset, 8-byte aligned, with a hash so that a damaged file
/// is refused by name rather than routing on garbage. Old JSON-lines files (format 1) still load.
///
/// Why binary: the JSON-lines format (base64 in JSON) took 0.33 s and a 77 MB peak to load 15 MB;
/// this reads each array once, into its final buffer, and can halve it with Float16.
public enum RouterFile {
    public static let formatName = "herd-router"
    public static let formatVersion = 2
    static let magic: [UInt8] = Array("HERDRTR\n".utf8)

    // MARK: - Writing

    /// The file's bytes for `model`, its large arrays stored as `storage`.
    public static func encode(_ model: RouterModel, storage: RouterFloatStorage) throws -> Data {
        var arrays: [(name: String, values: [Float], big: Bool)] = [
            ("idf", model.tfidf.idf, true), ("latent.w", model.latent.w, true), ("latent.c", model.latent.c, false),
            ("latent.u", model.latent.u, false), ("latent.b", model.latent.b, false),
            ("sparse.vectors", model.sparseIndex.vectors, true), ("sparse.outcomes", model.sparseIndex.outcomes, true),
            ("sparse.base", model.sparseIndex.baseRates, false),
        ]
        if let d = model.denseIndex {
            arrays += [("dense.vectors", d.vectors, true), ("dense.outcomes", d.outcomes, true), ("dense.base", d.baseRates, false)]
        }
        if let a = model.ability {
            // Feature numbers below 2^24 are exact in Float32 (checked when read).
            arrays += [("ability.keys", a.keys.map(Float.init), false), ("ability.idf", a.idf, true), ("ability.w", a.w, true),
                       ("ability.b", a.b, false)]
        }
        var section = Data()
        var blobs: [RouterFileHeader.Blob] = []
        func pad() { while section.count % 8 != 0 { section.append(0) } }
        for a in arrays {
            pad()
            let offset = section.count
            // A value Float16 cannot hold (beyond ±65504) keeps its whole array in Float32.
            let half = storage == .float16 && a.big && a.values.allSatisfy { !$0.isFinite || abs($0) <= 65_504 }
            let bytes: Data
            if half {
                let h = a.values.map { Float16($0).bitPattern.littleEndian }
                bytes = h.withUnsafeBufferPointer { Data(buffer: $0) }
            } else {
                bytes = a.values.map { $0.bitPattern.littleEndian }.withUnsafeBufferPointer { Data(buffer: $0) }
            }
            section.append(bytes)
            blobs.append(.init(name: a.name, type: half ? "f16" : "f32", count: a.values.count, offset: offset,
                               hash: hex(bytes.withUnsafeBytes { hash($0) })))
        }
        pad()
        let text = Data(model.snippets.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n").utf8)
        blobs.append(.init(name: "snippets", type: "utf8", count: text.count, offset: section.count,
                           hash: hex(text.withUnsafeBytes { hash($0) })))
        section.append(text)

        let header = RouterFileHeader(
            format: formatName, formatVersion: formatVersion, version: model.version, trainedAt: model.trainedAt,
            trainingRows: model.trainingRows, members: model.members, featurizer: model.featurizer, outputs: model.latent.outputs,
            rank: model.latent.rank, activation: model.latent.activation, sparseK: model.sparseIndex.k,
            sparsePriorWeight: model.sparseIndex.priorWeight, sparseCalibrator: model.sparseCalibrator,
            denseDimension: model.denseIndex?.dimension, denseK: model.denseIndex?.k, densePriorWeight: model.denseIndex?.priorWeight,
            denseCalibrator: model.denseCalibrator, embeddings: model.embeddings, snippets: nil, prior: model.prior,
            feedbackLog: model.feedbackLog, feedbackMemory: model.feedbackMemory, config: model.config, blobs: blobs,
            storage: storage, fallbacks: model.fallbacks.isEmpty ? nil : model.fallbacks,
            ability: model.ability.map { .init(featurizer: $0.featurizer, unseenIDF: $0.unseenIDF, outputs: $0.outputs) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json = try enc.encode(header)
        var out = Data(magic)
        withUnsafeBytes(of: UInt32(formatVersion).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        while out.count % 8 != 0 { out.append(0) }
        out.append(section)
        return out
    }

    // MARK: - Reading

    /// Reads a router file (binary, or the old JSON lines); a damaged or foreign file throws
    /// `HerdError.badInput` saying what is wrong and where (line, or array and byte offset).
    public static func load(path: String) throws -> RouterModel {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot read the router file (missing or unreadable); train one with `herd router train`")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw HerdError.badInput(file: path, line: nil, cause: "cannot read the router file") }
        let size = Int(st.st_size)
        let prefix = try read(fd, path: path, offset: 0, count: min(16, size))
        if prefix.first == UInt8(ascii: "{") {
            return try LegacyRouterFile.decode(try read(fd, path: path, offset: 0, count: size), file: path)
        }
        guard prefix.count == 16, Array(prefix.prefix(8)) == magic else {
            throw HerdError.badInput(file: path, line: nil, cause: prefix.isEmpty ? "empty file, not a Herd router" : "not a Herd router file (no HERDRTR signature)")
        }
        let version = prefix.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
        guard version == formatVersion else {
            throw HerdError.badInput(file: path, line: nil, cause: "router format version \(version), this Herd reads version \(formatVersion) (and 1); retrain with `herd router train`")
        }
        let headerLength = Int(prefix.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self)) })
        guard 16 + headerLength <= size else {
            throw HerdError.badInput(file: path, line: nil, cause: "truncated: the header claims \(headerLength) bytes, the file has \(size - 16) after the signature")
        }
        let header: RouterFileHeader
        do {
            header = try JSONDecoder().decode(RouterFileHeader.self, from: try read(fd, path: path, offset: 16, count: headerLength))
        } catch let e as HerdError {
            throw e
        } catch {
            throw HerdError.badInput(file: path, line: nil, cause: "damaged header (bytes 16..<\(16 + headerLength)): \(String(describing: error).prefix(200))")
        }
        guard header.format == formatName else {
            throw HerdError.badInput(file: path, line: nil, cause: "not a Herd router file (format \"\(header.format)\")")
        }
        guard let table = header.blobs else {
            throw HerdError.badInput(file: path, line: nil, cause: "damaged header (bytes 16..<\(16 + headerLength)): no array table")
        }
        let base = (16 + headerLength + 7) / 8 * 8
        var arrays: [String: [Float]] = [:]
        var snippets: [String] = []
        for b in table {
            let width = b.type == "f32" ? 4 : b.type == "f16" ? 2 : b.type == "utf8" ? 1 : 0
            guard width > 0, b.count >= 0, b.offset >= 0 else {
                throw HerdError.badInput(file: path, line: nil, cause: "array \"\(b.name)\" has an unknown type \"\(b.type)\" or a negative size")
            }
            let start = base + b.offset, bytes = b.count * width
            guard start + bytes <= size else {
                throw HerdError.badInput(file: path, line: nil, cause: "truncated: array \"\(b.name)\" needs bytes \(start)..<\(start + bytes), the file has \(size)")
            }
            var h = hashSeed
            if b.type == "utf8" {
                let data = try read(fd, path: path, offset: start, count: bytes)
                data.withUnsafeBytes { h = hash($0, seed: h) }
                if b.count > 0 { snippets = lines(data) }
            } else if width == 4 {
                let values = try [Float](unsafeUninitializedCapacity: b.count) { buf, n in
                    n = 0
                    try readAll(fd, path: path, into: UnsafeMutableRawPointer(buf.baseAddress!), count: bytes, offset: start)
                    n = b.count
                }
                values.withUnsafeBytes { h = hash($0, seed: h) }
                arrays[b.name] = values
            } else {
                arrays[b.name] = try readHalves(fd, path: path, count: b.count, offset: start, hash: &h)
            }
            guard hex(h) == b.hash else {
                throw HerdError.badInput(file: path, line: nil, cause: "array \"\(b.name)\" (bytes \(start)..<\(start + bytes)) does not match its checksum: the file is damaged; retrain or restore it")
            }
        }
        var model = try assemble(header, snippets: snippets, file: path) { name in arrays[name].map { ($0, nil) } }
        model.floatStorage = header.storage ?? .float32
        return model
    }

    /// Builds and checks a model from a header and its arrays (shared by both formats);
    /// `array` gives an array's values and the line it came from (JSON lines), nil when absent.
    static func assemble(_ header: RouterFileHeader, snippets: [String], file: String,
                         array: (String) -> (values: [Float], line: Int?)?) throws -> RouterModel {
        func take(_ name: String, count: Int) throws -> [Float] {
            guard let b = array(name) else {
                throw HerdError.badInput(file: file, line: nil, cause: "missing array \"\(name)\" (file truncated?)")
            }
            guard b.values.count == count else {
                throw HerdError.badInput(file: file, line: b.line, cause: "\"\(name)\" has \(b.values.count) values, expected \(count)")
            }
            if !name.hasSuffix("outcomes") {
                for v in b.values where !v.isFinite {
                    throw HerdError.badInput(file: file, line: b.line, cause: "\"\(name)\" holds a non-finite value")
                }
            }
            return b.values
        }
        func count(_ name: String) -> Int { array(name)?.values.count ?? 0 }
        guard header.featurizer.dimensionBits >= 4 && header.featurizer.dimensionBits <= 26 else {
            throw HerdError.badInput(file: file, line: 1, cause: "feature dimension 2^\(header.featurizer.dimensionBits) out of range")
        }
        let dim = header.featurizer.dimension
        let t = header.outputs.count, k = header.rank
        guard t > 0, k > 0 else { throw HerdError.badInput(file: file, line: 1, cause: "no models or zero rank") }
        let calOK = { (c: BlendCalibrator) in c.weights.count == t && c.weights.allSatisfy { $0.count == c.inputs + 1 } }
        guard calOK(header.sparseCalibrator) else {
            throw HerdError.badInput(file: file, line: 1, cause: "calibrator does not match the \(t) models")
        }
        let latent = LatentModel(
            dimension: dim, rank: k, activation: header.activation, outputs: header.outputs,
            w: try take("latent.w", count: dim * k), c: try take("latent.c", count: k),
            u: try take("latent.u", count: t * k), b: try take("latent.b", count: t))
        let rows = count("sparse.vectors") / k
        guard rows * k == count("sparse.vectors") else {
            throw HerdError.badInput(file: file, line: array("sparse.vectors")?.line, cause: "\"sparse.vectors\" is not a whole number of \(k)-vectors")
        }
        let sparse = NeighborIndex(
            dimension: k, vectors: try take("sparse.vectors", count: rows * k), outcomes: try take("sparse.outcomes", count: rows * t),
            outputs: t, baseRates: try take("sparse.base", count: t), k: header.sparseK, priorWeight: header.sparsePriorWeight)
        var dense: NeighborIndex? = nil
        if let dd = header.denseDimension, dd > 0 {
            let dr = count("dense.vectors") / dd
            guard let cal = header.denseCalibrator, calOK(cal) else {
                throw HerdError.badInput(file: file, line: 1, cause: "dense calibrator missing or does not match the \(t) models")
            }
            dense = NeighborIndex(
                dimension: dd, vectors: try take("dense.vectors", count: dr * dd), outcomes: try take("dense.outcomes", count: dr * t),
                outputs: t, baseRates: try take("dense.base", count: t), k: header.denseK ?? 50, priorWeight: header.densePriorWeight ?? 2)
        }
        guard snippets.count == rows else {
            throw HerdError.badInput(file: file, line: 1, cause: "\(snippets.count) prompt snippets for \(rows) indexed prompts")
        }
        guard header.feedbackMemory.entries.allSatisfy({ $0.output < t && $0.vector.indices.allSatisfy { $0 >= 0 && Int($0) < dim } }) else {
            throw HerdError.badInput(file: file, line: 1, cause: "feedback memory refers to unknown models or features")
        }
        var model = RouterModel(
            version: header.version, trainedAt: header.trainedAt, trainingRows: header.trainingRows, members: header.members,
            featurizer: header.featurizer, tfidf: TfidfTransform(idf: try take("idf", count: dim)), latent: latent,
            sparseIndex: sparse, sparseCalibrator: header.sparseCalibrator, denseIndex: dense, denseCalibrator: header.denseCalibrator,
            embeddings: header.embeddings, snippets: snippets, prior: header.prior, feedbackLog: header.feedbackLog,
            config: header.config)
        model.feedbackMemory = header.feedbackMemory
        model.fallbacks = header.fallbacks ?? []
        if let a = header.ability {
            guard a.outputs == t, a.featurizer.dimensionBits >= 4, a.featurizer.dimensionBits <= 24 else {
                throw HerdError.badInput(file: file, line: 1, cause: "the ability part does not match the \(t) models or has a feature dimension out of range")
            }
            let n = count("ability.keys")
            let keys = try take("ability.keys", count: n)
            var previous: Float = -1
            for k in keys {
                guard k > previous, k < Float(a.featurizer.dimension), k == k.rounded() else {
                    throw HerdError.badInput(file: file, line: array("ability.keys")?.line, cause: "\"ability.keys\" is not an ascending list of feature numbers")
                }
                previous = k
            }
            model.ability = AbilityModel(
                featurizer: a.featurizer, keys: keys.map { Int32($0) }, idf: try take("ability.idf", count: n), unseenIDF: a.unseenIDF,
                outputs: t, w: try take("ability.w", count: n * t), b: try take("ability.b", count: t))
        }
        let width = RouterTrainer.blendWidth(dense: false, ability: model.ability != nil, difficulty: header.config.blendDifficulty)
        guard header.sparseCalibrator.inputs == width else {
            throw HerdError.badInput(file: file, line: 1, cause: "the calibrator blends \(header.sparseCalibrator.inputs) inputs, this router has \(width)")
        }
        return model
    }

    // MARK: - Bytes

    static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// A fast 64-bit hash over 8-byte words (then the tail), streamable: the seed is the previous state.
    /// Catches damage, not tampering.
    static func hash(_ raw: UnsafeRawBufferPointer, seed: UInt64 = hashSeed) -> UInt64 {
        var h = seed
        let words = raw.count / 8
        for i in 0..<words {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func hex(_ h: UInt64) -> String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    private static func read(_ fd: Int32, path: String, offset: Int, count: Int) throws -> Data {
        var d = Data(count: count)
        if count > 0 {
            try d.withUnsafeMutableBytes { try readAll(fd, path: path, into: $0.baseAddress!, count: count, offset: offset) }
        }
        return d
    }

    private static func readAll(_ fd: Int32, path: String, into p: UnsafeMutableRawPointer, count: Int, offset: Int) throws {
        var done = 0
        while done < count {
            let n = pread(fd, p + done, count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw HerdError.badInput(file: path, line: nil, cause: "read failed at byte \(offset + done) (\(n == 0 ? "unexpected end of file" : String(cString: strerror(errno))))")
            }
            done += n
        }
    }

    /// Float16 bits to Float without a per-value library call (x86-64 has no half-float
    /// instructions by default): shift exponent and mantissa into place and rescale by 2^112, which
    /// also gets subnormals right; infinities and NaN keep an all-ones exponent.
    @inline(__always) static func widen(_ h: UInt16) -> Float {
        let magnitude = UInt32(h & 0x7FFF) << 13
        var f = Float(bitPattern: magnitude) * Float(bitPattern: 0x7780_0000)
        if h & 0x7C00 == 0x7C00 { f = Float(bitPattern: magnitude | 0x7F80_0000) }
        return (h & 0x8000) != 0 ? -f : f
    }

    /// Float16 values read in chunks and widened into their final array (no whole-array staging copy).
    /// The hash covers the Float16 bytes as stored.
    private static func readHalves(_ fd: Int32, path: String, count: Int, offset: Int, hash h: inout UInt64) throws -> [Float] {
        let chunk = 1 << 16
        let buffer = UnsafeMutablePointer<UInt16>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var state = h
        let values = try [Float](unsafeUninitializedCapacity: count) { out, n in
            n = 0
            let base = out.baseAddress!
            var done = 0
            while done < count {
                let m = min(chunk, count - done)
                try readAll(fd, path: path, into: UnsafeMutableRawPointer(buffer), count: m * 2, offset: offset + done * 2)
                state = hash(UnsafeRawBufferPointer(start: buffer, count: m * 2), seed: state)
                let dst = base + done
                for i in 0..<m { dst[i] = widen(UInt16(littleEndian: buffer[i])) }
                done += m
            }
            n = count
        }
        h = state
        return values
    }

    /// Newline-separated UTF-8 lines (split on bytes: splitting a String walks grapheme clusters).
    private static func lines(_ data: Data) -> [String] {
        data.withUnsafeBytes { raw in
            var out: [String] = []
            var start = 0
            for i in 0..<raw.count where raw[i] == 0x0A {
                out.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<i]), as: UTF8.self))
                start = i + 1
            }
            out.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<raw.count]), as: UTF8.self))
            return out
        }
    }
}
