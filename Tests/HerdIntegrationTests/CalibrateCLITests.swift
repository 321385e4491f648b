import Foundation
import HerdCore
import HerdRouter
import HerdTestSupport
import Testing

/// `herd calibrate` as a user runs it: against the fixture server (flow, resume, sizes) and on real models.
@Suite struct CalibrateCLITests {
    /// One routing-data line, as far as these tests read it.
    struct Line: Decodable {
        var id: String
        var scores: [String: Int]
        var answers: [String: String]
        var seconds: [String: Double]
        var errors: [String: String]?
        var finish: [String: String]?
    }

    /// A folder that outlives one run (the resume needs the first run's files).
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herd-calibrate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the built `herd` with its config and data folder in `dir`, nothing of the user's leaking in.
    static func herd(_ arguments: [String], dir: String) async throws -> ProcessRunner.Output {
        let env = ["HERD_CONFIG=\(dir)/config.toml", "HERD_HOME=\(dir)/data", "HERD_SERVERS="]
        return try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["-u", "OLLAMA_HOST", "-u", "OPENAI_BASE_URL"] + env + [try BuiltProduct.path("herd")] + arguments)
    }

    static func lines(_ path: String) throws -> [Line] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
    }

    @Test func calibratesResumesAndTrainsTheRouterHerdLoads() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await FixtureServer.with(.openAI) { fx in
            // alpha rambles after a clear letter; beta never answers anything gradable.
            fx.setReply(.tokens(["A", ".", " yes", " and", " then", " a", " long", " tail", "\n", "more"]), for: "alpha")
            fx.setReply(.tokens(["I", " do", " not", " know", "\n\n", "really"]), for: "beta")
            let url = fx.baseURL + "/v1"
            func chats() -> Int { fx.requests.filter { $0.path == "/v1/chat/completions" }.count }

            // The fixture's server does not report sizes: the answers are kept, and the error says what to give.
            let first = try await Self.herd(["calibrate", "--server", url, "--limit", "8"], dir: dir)
            #expect(first.status == .exited(1), "\(first.stdout)\(first.stderr)")
            #expect(first.stderr.contains("--sizes alpha:BILLIONS,beta:BILLIONS"), "\(first.stderr)")
            #expect(first.stderr.contains("warming up: timing alpha, beta on the first 4 questions"), "\(first.stderr)")
            #expect(first.stderr.contains("expected: alpha "), "the expected time comes before the run: \(first.stderr)")
            #expect(first.stdout.contains("calibrating alpha, beta on 8 questions (knowledge 2, maths 2, reading 2, instructions 2)"))
            let data = dir + "/data/calibration.jsonl"
            let kept = try Self.lines(data)
            #expect(kept.count == 8)
            #expect(kept.allSatisfy { Set($0.scores.keys) == ["alpha", "beta"] })
            #expect(chats() == 16)
            // Capped and stopped: the reader closed alpha's multiple-choice streams once "A." ended a sentence.
            let mc = kept.filter { $0.id.hasPrefix("mmlu_pro:") || $0.id.hasPrefix("reading:") }
            #expect(mc.count == 4)
            #expect(mc.allSatisfy { $0.answers["alpha"] == "A." && $0.finish?["alpha"] == "early" }, "\(mc.map(\.answers))")
            let body = fx.requests.first { $0.path == "/v1/chat/completions" }?.body ?? ""
            #expect(body.contains("\"stop\":[\"<|im_end|>\""), "stop sequences are sent: \(body)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/data/router.json"))

            // Again, with sizes and four more questions: only those are asked, no warm-up, then training.
            let second = try await Self.herd(["calibrate", "--server", url, "--limit", "12", "--sizes", "alpha:8,beta:0.5"], dir: dir)
            #expect(second.status == .exited(0), "\(second.stdout)\(second.stderr)")
            #expect(!second.stderr.contains("warming up"))
            #expect(second.stderr.contains("expected: alpha "), "\(second.stderr)")
            #expect(second.stdout.contains("12 questions; 8 asked now, 16 answered before"), "\(second.stdout)")
            #expect(second.stdout.contains("trained the router on 12 rows (alpha, beta)"), "\(second.stdout)")
            #expect(second.stdout.contains("accuracy by area:"))
            #expect(chats() == 24)
            #expect(try Self.lines(data).count == 12)
            let router = try RouterModel.load(from: dir + "/data/router.json")
            #expect(Set(router.knownModels) == ["alpha", "beta"])
        }
    }

    @Test func helpNamesTheSuiteSourcesAndLicences() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let help = try await Self.herd(["calibrate", "--help"], dir: dir)
        #expect(help.status == .exited(0))
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("MMLU-Pro"))
        #expect(text.contains("Wang et al., 2024"))
        #expect(text.contains("Apache-2.0"))
        #expect(text.contains("reading: short passages with questions written for Herd"))
    }

    /// On the real models of `herd-up --real`: their words vary, so this checks structure and behaviour.
    @Test(.timeLimit(.minutes(30))) func calibratesRealModels() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await LlamaServer.withReal { llama in
            let run = try await Self.herd(["calibrate", "--server", llama.baseURL + "/v1",
                                           "--members", "smollm2-135m,gemma3-270m", "--limit", "8"], dir: dir)
            #expect(run.status == .exited(0), "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("expected: smollm2-135m "), "\(run.stderr)")
            // Sizes come from the server (llama-server reports n_params once a model is loaded).
            #expect(run.stdout.contains("trained the router on 8 rows (gemma3-270m, smollm2-135m)"), "\(run.stdout)")
            let lines = try Self.lines(dir + "/data/calibration.jsonl")
            #expect(lines.count == 8)
            for line in lines {
                #expect(Set(line.scores.keys) == ["smollm2-135m", "gemma3-270m"], "\(line.id): \(line.errors ?? [:])")
                #expect(line.scores.values.allSatisfy { $0 == 0 || $0 == 1 })
                #expect(Set(line.finish.map { Array($0.keys) } ?? []) == ["smollm2-135m", "gemma3-270m"], "every answer says how it ended")
            }
            let finishes = lines.flatMap { $0.finish?.values.map { $0 } ?? [] }
            #expect(Set(finishes).isSubset(of: ["early", "stop", "length"]), "\(finishes)")
            #expect(finishes.contains("early"), "some answers were closed once known: \(finishes)")
            // gemma3-270m, a base model, echoes prompts: capped, it never writes more than a few lines.
            let gemma = lines.compactMap { $0.answers["gemma3-270m"] }
            #expect(gemma.allSatisfy { $0.count < 400 }, "\(gemma)")
            let router = try RouterModel.load(from: dir + "/data/router.json")
            #expect(Set(router.knownModels).isSuperset(of: ["smollm2-135m", "gemma3-270m"]))

            // A routed decision afterwards follows the measured data: the two calibrated members are routed
            // on "your data" (the scripted ones, never asked, stay on priors), and where one answered more
            // questions right than the other, it gets the higher confidence.
            let route = try await Self.herd(["route", "--server", llama.baseURL + "/v1", "--lambda", "0", "--json",
                                             "What is 12 + 30? Answer with the number."], dir: dir)
            #expect(route.status == .exited(0), "\(route.stderr)")
            let d = try JSONDecoder().decode(Decision.self, from: Data(route.stdout.utf8))
            #expect(d.score(of: "smollm2-135m")?.source == .yourData && d.score(of: "gemma3-270m")?.source == .yourData, "\(d.scores)")
            #expect(d.score(of: "story")?.source == .prior)
            let right = { (m: String) in lines.compactMap { $0.scores[m] }.reduce(0, +) }
            let (smolP, gemmaP) = (d.score(of: "smollm2-135m")!.confidence!, d.score(of: "gemma3-270m")!.confidence!)
            if right("smollm2-135m") > right("gemma3-270m") + 1 { #expect(smolP >= gemmaP, "\(d.scores)") }
            if right("gemma3-270m") > right("smollm2-135m") + 1 { #expect(gemmaP >= smolP, "\(d.scores)") }
        }
    }
}
