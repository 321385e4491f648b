import Foundation
import HerdCore

/// Reads router files of format 1 (JSON lines: a header, then one base64 array per line), so that
/// routers trained before the binary format keep working; they are written back as format 2.
enum LegacyRouterFile {
    private struct Blob: Codable {
        var blob: String
        var count: Int
        var data: Data
    }

    static func decode(_ data: Data, file: String) throws -> RouterModel {
        let dec = JSONDecoder()
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let first = lines.first else {
            throw HerdError.badInput(file: file, line: nil, cause: "empty file, not a Herd router")
        }
        let header: RouterFileHeader
        do {
            header = try dec.decode(RouterFileHeader.self, from: Data(first))
        } catch {
            throw HerdError.badInput(file: file, line: 1, cause: "not a Herd router header (\(error.localizedDescription.prefix(200)))")
        }
        guard header.format == RouterFile.formatName else {
            throw HerdError.badInput(file: file, line: 1, cause: "not a Herd router file (format \"\(header.format)\")")
        }
        guard header.formatVersion == 1 else {
            throw HerdError.badInput(file: file, line: 1, cause: "JSON router file of format version \(header.formatVersion), expected 1; retrain with `herd router train`")
        }
        var blobs: [String: (values: [Float], line: Int?)] = [:]
        for (i, line) in lines.dropFirst().enumerated() {
            let lineNo = i + 2
            let blob: Blob
            do {
                blob = try dec.decode(Blob.self, from: Data(line))
            } catch {
                throw HerdError.badInput(file: file, line: lineNo, cause: "damaged data line (\(error.localizedDescription.prefix(200)))")
            }
            guard blob.data.count == blob.count * MemoryLayout<Float>.size else {
                throw HerdError.badInput(file: file, line: lineNo, cause: "\"\(blob.blob)\" holds \(blob.data.count) bytes, expected \(blob.count) floats")
            }
            blobs[blob.blob] = (blob.data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }, lineNo)
        }
        return try RouterFile.assemble(header, snippets: header.snippets ?? [], file: file) { blobs[$0] }
    }
}
