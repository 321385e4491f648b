import Foundation
import HerdCore
import Testing
@testable import HerdRouter

@Suite struct RouterFileTests {
    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("herd-router-tests-\(getpid())-\(name)").path
    }

    static func trained(ability: Bool = true) throws -> RouterModel {
        var config = SyntheticData.smallConfig
        if !ability { config.ability = nil }
        return try RouterTrainer.train(examples: SyntheticData.wordRouted(), members: SyntheticData.members, config: config)
    }

    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func saveLoadRoundTripGivesIdenticalDecisions() throws {
        let model = try Self.trained()
        let path = Self.tempPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = Router(model: model)
        original.feedback(prompt: "python again", member: "coder", outcome: 1)
        try original.save(path: path)
        let loaded = try Router.load(path: path)
        let members = RouterTrainingTests.herd([("coder", 8), ("poet", 30), ("unknown", 3)])
        for prompt in ["python please", "a sonnet today", "neither word here", "python sonnet both", ""] {
            for lambda: Lambda in [0.0, 0.3, 2] {
                var a = original.decide(prompt: prompt, members: members, lambda: lambda)
                var b = loaded.decide(prompt: prompt, members: members, lambda: lambda)
                a.micros = 0; b.micros = 0
                #expect(a == b)
            }
        }
        #expect(loaded.version == original.version)
        #expect(loaded.feedbackLog == original.feedbackLog)
    }

    @Test func float16FilesAreHalfTheSizeAndDecideAlike() throws {
        var model = try Self.trained()
        let full = Self.tempPath("f32"), half = Self.tempPath("f16")
        defer { for p in [full, half] { try? FileManager.default.removeItem(atPath: p) } }
        try model.save(to: full)
        model.floatStorage = .float16
        try model.save(to: half)
        let size = { (p: String) in (try FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        let fullBytes = try size(full), halfBytes = try size(half)
        // The projection and IDF dominate: 2^14 × (4 + 1) floats.
        #expect(fullBytes > 5 * 16_384 * 4 && halfBytes < fullBytes * 6 / 10, "\(fullBytes) vs \(halfBytes)")
        let a = Router(model: try RouterModel.load(from: full)), b = Router(model: try RouterModel.load(from: half))
        #expect(b.model?.floatStorage == .float16)
        let members = RouterTrainingTests.herd([("coder", 8), ("poet", 30)])
        for prompt in ["python please", "a sonnet today", "neither word here"] {
            let da = a.decide(prompt: prompt, members: members, lambda: 0), db = b.decide(prompt: prompt, members: members, lambda: 0)
            #expect(da.chosen == db.chosen)
            for (x, y) in zip(da.scores, db.scores) { #expect(abs(x.confidence! - y.confidence!) < 0.01) }
        }
        // Saving a loaded Float16 router keeps Float16.
        try b.save(path: full)
        #expect(try size(full) == halfBytes)
    }

    @Test func float16WideningAgreesWithTheStandardLibraryOnEveryBitPattern() {
        for bits in 0...UInt16.max {
            let mine = RouterFile.widen(bits), theirs = Float(Float16(bitPattern: bits))
            if theirs.isNaN { #expect(mine.isNaN); continue }
            if mine.bitPattern != theirs.bitPattern { #expect(mine.bitPattern == theirs.bitPattern, "\(bits)"); return }
        }
    }

    @Test func corruptRouterFilesSayWhatAndWhere() throws {
        let path = Self.tempPath("corrupt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.trained().save(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        try "hello, I am not a router\n".write(toFile: path, atomically: true, encoding: .utf8)
        let garbage = Self.message { _ = try RouterModel.load(from: path) }
        #expect(garbage?.hasPrefix("\(path): not a Herd router") == true, "\(garbage ?? "no error")")

        try Data().write(to: URL(fileURLWithPath: path))
        let empty = Self.message { _ = try RouterModel.load(from: path) }
        #expect(empty?.contains("empty file") == true, "\(empty ?? "no error")")

        // One flipped byte in the middle of the data: the array holding it is named.
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        try flipped.write(to: URL(fileURLWithPath: path))
        let damaged = Self.message { _ = try RouterModel.load(from: path) }
        #expect(damaged?.hasPrefix("\(path): array \"latent.w\"") == true, "\(damaged ?? "no error")")
        #expect(damaged?.contains("checksum") == true, "\(damaged ?? "no error")")

        // A truncated file.
        try good.prefix(good.count - 10).write(to: URL(fileURLWithPath: path))
        let truncated = Self.message { _ = try RouterModel.load(from: path) }
        #expect(truncated?.contains("truncated: array \"snippets\"") == true, "\(truncated ?? "no error")")

        // A damaged header: not JSON, or JSON without its array table ("blobs").
        let blobsKey = good.firstRange(of: Data("\"blobs\"".utf8))!.lowerBound + 1
        for (offset, byte) in [(16, "#"), (blobsKey, "x")] {
            var header = good
            header[offset] = UInt8(ascii: Unicode.Scalar(byte)!)
            try header.write(to: URL(fileURLWithPath: path))
            let badHeader = Self.message { _ = try RouterModel.load(from: path) }
            #expect(badHeader?.hasPrefix("\(path): damaged header (bytes 16..<") == true, "\(badHeader ?? "no error")")
        }

        // A newer format.
        var newer = good
        newer[8] = 9
        try newer.write(to: URL(fileURLWithPath: path))
        let future = Self.message { _ = try RouterModel.load(from: path) }
        #expect(future?.contains("format version 9") == true, "\(future ?? "no error")")

        let missing = Self.message { _ = try Router.load(path: path + ".nope") }
        #expect(missing?.contains("cannot read the router file") == true)
    }

    /// The JSON-lines format of routers trained before the binary one, written as that writer did.
    static func legacyText(_ m: RouterModel) throws -> String {
        let header = RouterFileHeader(
            format: "herd-router", formatVersion: 1, version: m.version, trainedAt: m.trainedAt, trainingRows: m.trainingRows,
            members: m.members, featurizer: m.featurizer, outputs: m.latent.outputs, rank: m.latent.rank,
            activation: m.latent.activation, sparseK: m.sparseIndex.k, sparsePriorWeight: m.sparseIndex.priorWeight,
            sparseCalibrator: m.sparseCalibrator, denseDimension: nil, denseK: nil, densePriorWeight: nil, denseCalibrator: nil,
            embeddings: nil, snippets: m.snippets, prior: m.prior, feedbackLog: m.feedbackLog, feedbackMemory: m.feedbackMemory,
            config: m.config, blobs: nil, storage: nil, fallbacks: nil)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        var lines = [String(decoding: try enc.encode(header), as: UTF8.self)]
        for (name, v) in [("idf", m.tfidf.idf), ("latent.w", m.latent.w), ("latent.c", m.latent.c), ("latent.u", m.latent.u),
                          ("latent.b", m.latent.b), ("sparse.vectors", m.sparseIndex.vectors),
                          ("sparse.outcomes", m.sparseIndex.outcomes), ("sparse.base", m.sparseIndex.baseRates)] {
            let data = v.withUnsafeBufferPointer { Data(buffer: $0) }
            lines.append(#"{"blob":"\#(name)","count":\#(v.count),"data":"\#(data.base64EncodedString())"}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func oldJSONLinesRoutersStillLoadAndReportDamageByLine() throws {
        // Routers of that format were trained before the ability part existed.
        let model = try Self.trained(ability: false)
        let path = Self.tempPath("legacy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try Self.legacyText(model)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try RouterModel.load(from: path)
        #expect(loaded.latent == model.latent && loaded.sparseIndex == model.sparseIndex && loaded.snippets == model.snippets)

        var lines = text.split(separator: "\n").map(String.init)
        lines[2] = String(lines[2].prefix(lines[2].count / 2))
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let damaged = Self.message { _ = try RouterModel.load(from: path) }
        #expect(damaged?.hasPrefix("\(path):3: damaged data line") == true, "\(damaged ?? "no error")")
        lines = text.split(separator: "\n").map(String.init)
        try lines.dropLast().joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let truncated = Self.message { _ = try RouterModel.load(from: path) }
        #expect(truncated?.contains("missing array") == true, "\(truncated ?? "no error")")
    }

    @Test func corruptDataLinesNameTheLine() throws {
        let good = #"{"prompt": "p", "scores": {"a": 1, "b": 0}}"#
        let cases: [(String, Int, String)] = [
            (good + "\n" + good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": 1}\n", 3, "not valid JSON"),
            (good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": 1.5}}\n", 2, "expected a number in 0..1"),
            ("\n" + good + "\n{\"scores\": {\"a\": 1}}\n", 3, "missing \"prompt\""),
            (good + "\n{\"prompt\": \"x\"}\n", 2, "missing \"scores\""),
            (good + "\n{\"prompt\": \"x\", \"scores\": {\"a\": \"yes\"}}\n", 2, "scores.a"),
        ]
        for (text, line, cause) in cases {
            let m = Self.message { _ = try RoutingDataset.parse(Data(text.utf8), file: "data.jsonl") }
            #expect(m?.hasPrefix("data.jsonl:\(line): ") == true, "\(m ?? "no error")")
            #expect(m?.contains(cause) == true, "\(m ?? "no error")")
        }
        let rows = try RoutingDataset.parse(Data((good + "\n\n" + good + "\n").utf8), file: "ok.jsonl")
        #expect(rows.count == 2 && rows[0].scores == ["a": 1, "b": 0])
        let split = Self.message { _ = try RoutingDataset.parseSplit("id\tsplit\na\ttrain\nb train\n", file: "s.tsv") }
        #expect(split?.hasPrefix("s.tsv:3: ") == true, "\(split ?? "no error")")
    }
}
