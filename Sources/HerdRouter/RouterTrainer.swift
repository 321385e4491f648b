import Foundation
import HerdCore

/// Fits a `RouterModel` from routing data: TF-IDF features, the shared latent model, kNN indexes,
/// and per-model blend calibrators fitted on out-of-fold predictions.
public enum RouterTrainer {
    /// Hyper-parameters (defaults tuned on the MMLU-Pro dev split).
    public struct Config: Sendable, Hashable, Codable {
        /// 2^16 hashed features: with the ability part choosing between members, the latent model only
        /// says how hard a question looks and places its neighbours, and 2^18 gave the same dev figures
        /// (27 models: accuracy at λ=0 0.684, AIQ 0.664 either way) for a 4× larger projection.
        public var featurizer = TextFeaturizer(dimensionBits: 16)
        public var latent = LatentModel.Config()
        /// Folds for out-of-fold predictions (calibration data); 1 disables calibration.
        /// Three: the same dev figures as four (27 models: 0.684 / AIQ 0.664), a quarter less training.
        public var folds: Int = 3
        public var sparseK: Int = 50
        public var denseK: Int = 50
        public var priorWeight: Float = 4
        public var snippetLength: Int = 80
        /// Add everyone's mean logit and vote to each blend (a shared difficulty signal).
        public var blendDifficulty = true
        /// Latent models trained from consecutive seeds and averaged (`LatentModel.ensemble`); nil or 1: one.
        /// One by default: on MMLU-Pro three gave the same test figures within seed noise (AIQ 0.526
        /// either way) for 3× the training time and a 38 MB router instead of 15 MB, which a chat
        /// app keeps in memory.
        /// Three: on the MMLU-Pro dev split (trained on train), AIQ 0.535 (range 0.001 over 3 seeds) against
        /// 0.533 (range 0.008 over 5 seeds) for one model, accuracy at ≤ 40% size 0.529 against 0.520; 3× training time.
        public var ensemble: Int? = 1
        /// The item-response part (`AbilityModel`), a further blend input; nil: none (routers
        /// trained before it existed).
        public var ability: AbilityModel.Config? = AbilityModel.Config()
        public init() {}
    }

    /// Progress lines for the CLI.
    public typealias Log = @Sendable (String) -> Void

    /// Trains on `examples`. `embeddings`, when given, holds one vector per example (the dense view).
    public static func train(examples: [RoutingExample], members: [RouterMember], config: Config = Config(),
                             embeddings: [[Float]]? = nil, embeddingSource: String? = nil,
                             feedback: [FeedbackEvent] = [], log: Log = { _ in }) throws -> RouterModel {
        guard !examples.isEmpty else { throw HerdError.other("no training rows") }
        if let e = embeddings, e.count != examples.count {
            throw HerdError.other("\(e.count) embeddings for \(examples.count) training rows")
        }
        var outputSet = Set<String>()
        for e in examples { outputSet.formUnion(e.scores.keys) }
        let outputs = outputSet.sorted()
        guard !outputs.isEmpty else { throw HerdError.other("the training rows name no models in \"scores\"") }
        let missing = members.filter { !outputSet.contains($0.name) }.map(\.name)
        if !missing.isEmpty {
            log("note: no routing data for \(missing.joined(separator: ", ")); they get a size prior")
        }
        let t = outputs.count
        let outIndex = Dictionary(uniqueKeysWithValues: outputs.enumerated().map { ($1, $0) })
        let y: [Float] = {
            var y = [Float](repeating: .nan, count: examples.count * t)
            for (i, e) in examples.enumerated() {
                for (name, s) in e.scores { y[i * t + outIndex[name]!] = Float(s) }
            }
            return y
        }()

        let start = Date()
        let featurizer = config.featurizer
        let tfs = examples.map { featurizer.termFrequencies($0.prompt) }
        let tfidf = TfidfTransform(fitting: tfs, dimension: featurizer.dimension)
        let x = tfs.map { tfidf.transform($0) }
        log(String(format: "features: %d rows, %.1f s", x.count, Date().timeIntervalSince(start)))

        // Out-of-fold predictions train the blend calibrators on data the predictors did not see.
        let folds = min(max(config.folds, 1), examples.count)
        var oofSparse = [[Float]](repeating: [], count: examples.count * t)
        var oofDense = [[Float]](repeating: [], count: examples.count * t)
        let denseDim = embeddings?.first?.count ?? 0
        var fold = [Int](repeating: 0, count: examples.count)
        if folds >= 2 {
            var rng = SplitMix64(seed: config.latent.seed ^ 0xF01D)
            var order = Array(0..<examples.count)
            order.shuffle(using: &rng)
            for (pos, i) in order.enumerated() { fold[i] = pos % folds }
        }
        // The folds' predictors and the final ones are independent: train them side by side
        // (task `folds` is the final model, on every row).
        let tasks = folds >= 2 ? folds + 1 : 1
        let results = ParallelResults<FoldResult>(count: tasks)
        let foldOf = fold
        DispatchQueue.concurrentPerform(iterations: tasks) { f in
            let final = f == tasks - 1
            let trainRows = final ? Array(0..<examples.count) : (0..<examples.count).filter { foldOf[$0] != f }
            let yTrain = final ? y : Self.rows(y, trainRows, t)
            let model = Self.trainLatent(
                x: trainRows.map { x[$0] }, y: yTrain, outputs: outputs, dimension: featurizer.dimension, config: config)
            let ability = config.ability.map {
                AbilityModel.train(prompts: trainRows.map { examples[$0].prompt }, y: yTrain, outputs: t, config: $0)
            }
            var result = FoldResult(latent: model, ability: ability)
            if !final {
                let testRows = (0..<examples.count).filter { foldOf[$0] == f }
                let index = NeighborIndex(
                    dimension: model.rank, vectors: trainRows.map { model.hidden(x[$0]) }, outcomes: yTrain,
                    outputs: t, k: config.sparseK, priorWeight: config.priorWeight)
                var denseIndex: NeighborIndex? = nil
                if let emb = embeddings {
                    denseIndex = NeighborIndex(dimension: denseDim, vectors: trainRows.map { emb[$0] }, outcomes: yTrain,
                                               outputs: t, k: config.denseK, priorWeight: config.priorWeight)
                }
                for i in testRows {
                    let h = model.hidden(x[i])
                    let logits = model.logits(hidden: h)
                    let vote = index.vote(index.nearest(h))
                    let dvote = denseIndex.map { $0.vote($0.nearest(embeddings![i])) }
                    let rel = ability?.relativeScores(examples[i].prompt)
                    let sparseInputs = Self.blendInputs(logits: logits, vote: vote, denseVote: nil, ability: rel, difficulty: config.blendDifficulty)
                    let denseInputs = dvote.map { Self.blendInputs(logits: logits, vote: vote, denseVote: $0, ability: rel, difficulty: config.blendDifficulty) }
                    result.predictions.append((i, sparseInputs, denseInputs))
                }
                log(String(format: "fold %d/%d done, %.1f s", f + 1, folds, Date().timeIntervalSince(start)))
            }
            results.set(f, result)
        }
        let trained = results.values
        for r in trained.dropLast() {
            for (i, sparseInputs, denseInputs) in r.predictions {
                for m in 0..<t {
                    oofSparse[i * t + m] = sparseInputs[m]
                    if let denseInputs { oofDense[i * t + m] = denseInputs[m] }
                }
            }
        }

        let model = trained[tasks - 1].latent
        let ability = trained[tasks - 1].ability
        let hasAbility = ability != nil
        let index = NeighborIndex(dimension: model.rank, vectors: x.map { model.hidden($0) }, outcomes: y, outputs: t,
                                  k: config.sparseK, priorWeight: config.priorWeight)
        var sparseCal = BlendCalibrator.identity(inputs: Self.blendWidth(dense: false, ability: hasAbility, difficulty: config.blendDifficulty), outputs: t)
        var denseCal: BlendCalibrator? = nil
        var denseIndex: NeighborIndex? = nil
        if let emb = embeddings {
            denseIndex = NeighborIndex(dimension: denseDim, vectors: emb, outcomes: y, outputs: t, k: config.denseK, priorWeight: config.priorWeight)
            denseCal = BlendCalibrator.identity(inputs: Self.blendWidth(dense: true, ability: hasAbility, difficulty: config.blendDifficulty), outputs: t)
        }
        if folds >= 2 {
            let sparseWidth = Self.blendWidth(dense: false, ability: hasAbility, difficulty: config.blendDifficulty)
            let denseWidth = Self.blendWidth(dense: true, ability: hasAbility, difficulty: config.blendDifficulty)
            if hasAbility {
                // One blend for every model: the choice between members then follows the ability
                // part alone (the same for every seed), and the shared weights only add how hard the
                // question looks. Per-model blends of the same inputs reordered members by noise: on
                // the MMLU-Pro dev split (27 models) accuracy at λ=0 moved 0.666–0.681 across seeds
                // with them, 0.684 for every seed with one blend.
                var rows: [Int] = [], targets: [Float] = []
                for i in 0..<examples.count { for m in 0..<t where !y[i * t + m].isNaN { rows.append(i * t + m); targets.append(y[i * t + m]) } }
                let w = BlendCalibrator.fit(features: rows.map { oofSparse[$0] }, targets: targets, inputs: sparseWidth)
                for m in 0..<t { sparseCal.weights[m] = w }
                if denseCal != nil {
                    let dw = BlendCalibrator.fit(features: rows.map { oofDense[$0] }, targets: targets, inputs: denseWidth)
                    for m in 0..<t { denseCal!.weights[m] = dw }
                }
            } else {
                for m in 0..<t {
                    let rows = (0..<examples.count).filter { !y[$0 * t + m].isNaN }
                    let targets = rows.map { y[$0 * t + m] }
                    sparseCal.weights[m] = BlendCalibrator.fit(features: rows.map { oofSparse[$0 * t + m] }, targets: targets, inputs: sparseWidth)
                    if denseCal != nil {
                        denseCal!.weights[m] = BlendCalibrator.fit(features: rows.map { oofDense[$0 * t + m] }, targets: targets, inputs: denseWidth)
                    }
                }
            }
        }
        log(String(format: "trained in %.1f s", Date().timeIntervalSince(start)))

        var points: [(sizeB: Double, accuracy: Double, family: String?)] = []
        for mem in members {
            guard let m = outIndex[mem.name] else { continue }
            var s = 0.0, n = 0.0
            for i in 0..<examples.count where !y[i * t + m].isNaN { s += Double(y[i * t + m]); n += 1 }
            if n > 0 { points.append((mem.sizeB, s / n, ModelIdentity(parsing: mem.name).family)) }
        }
        let now = Date()
        let version = "herd-router-\(formatStamp(now))-n\(examples.count)" + (embeddings == nil ? "" : "-dense")
        var routerModel = RouterModel(
            version: version, trainedAt: now, trainingRows: examples.count, members: members, featurizer: featurizer,
            tfidf: tfidf, latent: model, sparseIndex: index, sparseCalibrator: sparseCal, denseIndex: denseIndex,
            denseCalibrator: denseCal, embeddings: embeddingSource,
            snippets: examples.map { snippet($0.prompt, config.snippetLength) },
            prior: points.isEmpty ? .default : SizePrior.fit(points), feedbackLog: [], config: config)
        routerModel.ability = ability
        if !feedback.isEmpty {
            let router = Router(model: routerModel)
            for f in feedback { router.feedback(prompt: f.prompt, member: f.member, outcome: f.outcome, date: f.date) }
            routerModel = router.model!
        }
        return routerModel
    }

    /// What one training task gives: its predictors and, for a fold, the blend inputs of its held-out rows.
    struct FoldResult: @unchecked Sendable {
        var latent: LatentModel
        var ability: AbilityModel?
        var predictions: [(row: Int, sparse: [[Float]], dense: [[Float]]?)] = []
    }

    /// λ ranges where one of the model's members alone beats its routing on held-out `rows`
    /// (costs as the evaluator takes them: per-prompt when the rows have them, else sizes).
    public static func fitFallbacks(model: RouterModel, rows: [RoutingExample], fittedOn: String) throws -> [LambdaFallback] {
        var plain = model
        plain.fallbacks = []
        let table = try EvaluationTable(rows: rows, members: model.members)
        let p = RouterEvaluator.confidences(router: Router(model: plain), table: table)
        let figures = RouterEvaluator.evaluate(table: table, probabilities: p, version: model.version).members
        return LambdaFallback.fit(path: RouterEvaluator.lambdaPath(table: table, probabilities: p).points, members: figures,
                                  fittedOn: fittedOn)
    }

    /// One latent model, or the average of `config.ensemble` of them from consecutive seeds.
    static func trainLatent(x: [SparseVector], y: [Float], outputs: [String], dimension: Int, config: Config) -> LatentModel {
        let n = max(config.ensemble ?? 1, 1)
        guard n > 1, config.latent.activation == .linear else {
            return LatentModel.train(x: x, y: y, outputs: outputs, dimension: dimension, config: config.latent)
        }
        return LatentModel.ensemble((0..<n).map { s in
            var c = config.latent
            c.seed = config.latent.seed &+ UInt64(s)
            return LatentModel.train(x: x, y: y, outputs: outputs, dimension: dimension, config: c)
        })
    }

    /// Inputs of each output's blend: its latent logit and kNN vote (as a logit), the dense vote when
    /// there is one, and the mean of all models' logits and votes — how hard the question looks to
    /// everyone, which predicts each single model's outcome beyond its own noisy estimates.
    static func blendInputs(logits: [Float], vote: [Float], denseVote: [Float]?, ability: [Float]? = nil, difficulty: Bool) -> [[Float]] {
        let t = logits.count
        let meanLogit = logits.reduce(0, +) / Float(t)
        let voteLogits = vote.map { logit($0) }
        let meanVote = voteLogits.reduce(0, +) / Float(t)
        var meanDense: Float = 0
        let denseLogits = denseVote?.map { logit($0) }
        if let d = denseLogits { meanDense = d.reduce(0, +) / Float(t) }
        return (0..<t).map { m in
            if let a = ability {
                var row = [a[m], meanLogit, meanVote]
                if let d = denseLogits { row += [d[m], meanDense] }
                return row
            }
            var row = [logits[m], voteLogits[m]]
            if difficulty { row += [meanLogit, meanVote] }
            if let d = denseLogits { row += difficulty ? [d[m], meanDense] : [d[m]] }
            return row
        }
    }

    static func blendWidth(dense: Bool, ability: Bool = false, difficulty: Bool) -> Int {
        if ability { return 3 + (dense ? 2 : 0) }
        return (difficulty ? 4 : 2) + (dense ? (difficulty ? 2 : 1) : 0)
    }

    static func rows(_ y: [Float], _ rows: [Int], _ t: Int) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(rows.count * t)
        for i in rows { out.append(contentsOf: y[(i * t)..<((i + 1) * t)]) }
        return out
    }

    @inline(__always) static func logit(_ p: Float) -> Float {
        let q = min(max(p, 1e-4), 1 - 1e-4)
        return logf(q / (1 - q))
    }

    static func snippet(_ prompt: String, _ n: Int) -> String {
        let flat = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? prompt
        return flat.count > n ? String(flat.prefix(n)) + "…" : flat
    }

    static func formatStamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss"
        return f.string(from: d)
    }
}
