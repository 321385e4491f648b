import ArgumentParser
import Foundation
import HerdSession
import HerdCore
import HerdRouter

/// `herd router train --data FILE.jsonl [--split SPLIT.tsv] --members NAME:SIZE,… [--embeddings URL#MODEL] --out ROUTER`
struct RouterTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a router from routing data (JSONL: {\"prompt\", \"scores\": {model: 0..1}} per line).")

    @Option(help: "Routing data, one JSON object per line.") var data: String
    @Option(help: "A split file (id<TAB>split); training uses its train rows. Without it, every row.") var split: String?
    @Option(help: "The herd: NAME:SIZE,… with names as in the data and sizes in billions.") var members: String
    @Option(help: "Dense view: an OpenAI-compatible embedding model, URL#MODEL (e.g. http://127.0.0.1:8080#all-minilm).")
    var embeddings: String?
    @Option(help: "Where to write the router.") var out: String
    @Option(help: "Replay the feedback kept in this router file after training.") var replay: String?
    @Option(help: "Which split rows to train on (train, or train+dev for a final router).") var on: String = "train"
    @Option(help: "Latent rank (default 8): the projection holds 2^hash-bits × rank values.") var rank: Int?
    @Option(help: "Hashed feature space of 2^N features (default 16; 18 makes a 4× larger projection).") var hashBits: Int?
    @Flag(help: "Store the large arrays as Float16 in the router file (half the size; decisions agree to about 0.001).") var float16 = false
    @Option(help: ArgumentHelp("Epochs.", visibility: .hidden)) var epochs: Int?
    @Option(help: ArgumentHelp("Learning rate.", visibility: .hidden)) var learningRate: Float?
    @Option(help: ArgumentHelp("Calibration folds.", visibility: .hidden)) var folds: Int?
    @Option(help: ArgumentHelp("k of the kNN votes.", visibility: .hidden)) var k: Int?
    @Option(help: ArgumentHelp("Random seed (initialisation, order, folds).", visibility: .hidden)) var seed: UInt64?
    @Option(help: "Latent models to train from consecutive seeds and average (default 1; they only say how hard a question looks, so more changes little).") var ensemble: Int?
    @Flag(help: "Leave out the item-response part that chooses between members (routers before it blended each member's predictors apart; their choices vary with the seed).")
    var noAbility = false
    @Option(help: "Held-out split (e.g. dev) on which to find λ ranges where one member alone beats routing; there the router asks that member and says so.")
    var fallbackOn: String?
    @Flag(help: "Print progress.") var verbose = false

    func run() async throws {
        let memberList = try RouterMember.parseList(members)
        let rows = try RouterDataArguments.rows(data: data, split: split, on: on)
        var config = RouterTrainer.Config()
        if let rank {
            guard (1...64).contains(rank) else { throw ValidationError("--rank must be 1…64") }
            config.latent.rank = rank
        }
        if let hashBits {
            guard (10...24).contains(hashBits) else { throw ValidationError("--hash-bits must be 10…24") }
            config.featurizer.dimensionBits = hashBits
        }
        if let epochs { config.latent.epochs = epochs }
        if let learningRate { config.latent.learningRate = learningRate }
        if let folds { config.folds = folds }
        if let k { config.sparseK = k; config.denseK = k }
        if let seed { config.latent.seed = seed }
        if let ensemble { config.ensemble = ensemble }
        if noAbility { config.ability = nil }
        var vectors: [[Float]]? = nil
        var source: String? = nil
        if let embeddings {
            let spec = try EmbeddingSpec(embeddings)
            let cache = try spec.cache()
            let start = Date()
            vectors = try await cache.embed(rows.map(\.prompt))
            let sent = await cache.embeddedCount
            routerStderr(String(format: "embedded %d prompts (%d new) with %@ in %.1f s", rows.count, sent, spec.model, Date().timeIntervalSince(start)))
            source = spec.text
        }
        let feedback = try replay.map { try RouterModel.load(from: $0).feedbackLog } ?? []
        let verbose = self.verbose
        let start = Date()
        var model = try RouterTrainer.train(examples: rows, members: memberList, config: config, embeddings: vectors,
                                            embeddingSource: source, feedback: feedback,
                                            log: { if verbose { routerStderr($0) } })
        if let fallbackOn {
            guard split != nil else { throw ValidationError("--fallback-on names a split, so it needs --split") }
            let held = try RouterDataArguments.rows(data: data, split: split, on: fallbackOn)
            model.fallbacks = try RouterTrainer.fitFallbacks(model: model, rows: held, fittedOn: fallbackOn)
            for f in model.fallbacks { print(f.reason) }
            if model.fallbacks.isEmpty { print("no fallback needed: routing is at least as accurate as any member of at most its cost on \(fallbackOn) at every λ") }
        }
        model.floatStorage = float16 ? .float16 : .float32
        try model.save(to: out)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        let missing = memberList.filter { !model.knownModels.contains($0.name) }.map(\.name)
        print(String(format: "trained on %d rows (%d models in the data) in %.1f s → %@ (%.1f MB, %@)", rows.count, model.knownModels.count,
                     Date().timeIntervalSince(start), out, Double(bytes) / 1e6, model.floatStorage.rawValue))
        if !missing.isEmpty { print("no routing data for: \(missing.joined(separator: ", ")) (they get a size prior)") }
    }
}

func routerStderr(_ s: String) {
    StandardError.write(s + "\n")
}
