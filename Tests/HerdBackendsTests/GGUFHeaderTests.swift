import Foundation
import HerdBackends
import HerdCore
import HerdTestSupport
import Testing

@Suite struct GGUFHeaderTests {
    /// A minimal GGUF v3 file: the given string metadata, an optional chat template, and tensors of the given shapes.
    static func gguf(strings: [(String, String)], template: Bool, tensors: [[UInt64]]) -> Data {
        var d = Data("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); d.append(contentsOf: Array(s.utf8)) }
        u32(3)
        u64(UInt64(tensors.count))
        u64(UInt64(strings.count + (template ? 1 : 0) + 2))
        for (k, v) in strings { str(k); u32(8); str(v) }
        // An array of strings and a u32 that the reader must skip.
        str("tokenizer.ggml.tokens"); u32(9); u32(8); u64(3); str("a"); str("bb"); str("ccc")
        str("general.file_type"); u32(4); u32(15)
        if template { str("tokenizer.chat_template"); u32(8); str("{% for m in messages %}{{ m.content }}{% endfor %}") }
        for (i, shape) in tensors.enumerated() {
            str("t\(i)"); u32(UInt32(shape.count)); for s in shape { u64(s) }; u32(0); u64(0)
        }
        return d
    }

    static func write(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herd-gguf-\(UUID().uuidString).gguf").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func countsParametersAndReadsNamesAndTemplate() throws {
        let path = try Self.write(Self.gguf(strings: [("general.architecture", "gemma3"), ("general.name", "Gemma 3 270m"),
                                                      ("general.basename", "gemma-3"), ("general.size_label", "270M")],
                                            template: false, tensors: [[640, 262_144], [640], [2048, 640]]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let h = try GGUFHeader.read(path: path)
        #expect(h.parameterCount == 640 * 262_144 + 640 + 2048 * 640)
        #expect(h.architecture == "gemma3")
        #expect(h.name == "Gemma 3 270m")
        #expect(h.publishedName == "gemma-3-270M")
        #expect(h.quantization == "Q4_K_M")
        #expect(!h.hasChatTemplate, "a base model")
        let tuned = try Self.write(Self.gguf(strings: [], template: true, tensors: [[4, 4]]))
        defer { try? FileManager.default.removeItem(atPath: tuned) }
        #expect(try GGUFHeader.read(path: tuned).hasChatTemplate)
    }

    @Test func damagedFilesSayWhatAndWhere() throws {
        let good = Self.gguf(strings: [("general.name", "x")], template: true, tensors: [[2, 2]])
        let cut = try Self.write(good.prefix(40))
        let notGGUF = try Self.write(Data("hello, not a model".utf8))
        defer { for p in [cut, notGGUF] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(throws: GGUFError.self) { try GGUFHeader.read(path: cut) }
        do { _ = try GGUFHeader.read(path: cut); Issue.record("no error") } catch {
            #expect("\(error)".contains(cut) && "\(error)".contains("ends early"), "\(error)")
        }
        do { _ = try GGUFHeader.read(path: notGGUF); Issue.record("no error") } catch {
            #expect("\(error)".contains("not a GGUF file"), "\(error)")
        }
    }

    /// llama-server lists unloaded models with no size; Herd reads it from the GGUF it will run,
    /// and the count agrees with what llama-server itself reports once the model is loaded.
    @Test func llamaServerSizesComeFromTheGGUFBeforeLoading() async throws {
        try await LlamaServer.with { llama in
            // Through discovery, as every command finds the herd (its protocol detection reuses the list).
            let discovery = await Discovery.run(endpoints: try Backends.endpoints(cli: [llama.baseURL]), timeout: 5)
            let models = discovery.servers.flatMap(\.models)
            let byID = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
            #expect(discovery.members.first { $0.name == "story" }?.sizeB == byID["story"]?.sizeB)
            // tiny-a loads at start-up (llama-server's meta says n_params 39,520); the others are not loaded.
            #expect(byID["tiny-a"]?.sizeB == 39_520 / 1e9)
            let tinyA = SharedDir.url.appendingPathComponent("llm/models/tiny-a.gguf").path
            #expect(try GGUFHeader.read(path: tinyA).parameterCount == 39_520, "counted as llama-server counts")
            for id in ["tiny-b", "tiny-c", "story", "babble"] {
                let m = try #require(byID[id])
                #expect((m.sizeB ?? 0) > 0, "\(id) has a size before it is loaded")
                #expect(m.aliases.contains("\(id).gguf"))
                #expect(m.instructTuned == true, "the scripted models carry a ChatML template")
            }
            #expect(byID["story"]!.sizeB! > byID["tiny-c"]!.sizeB!)
        }
    }
}
