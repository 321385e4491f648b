import Foundation
import HerdCore

/// Everything a trained router knows; saved and loaded by `RouterFile`.
public struct RouterModel: Sendable {
    public static let formatName = RouterFile.formatName
    public static let formatVersion = RouterFile.formatVersion

    public var version: String
    public var trainedAt: Date
    public var trainingRows: Int
    public var members: [RouterMember]
    public var featurizer: TextFeaturizer
    public var tfidf: TfidfTransform
    public var latent: LatentModel
    /// kNN over the latent representation of the sparse view.
    public var sparseIndex: NeighborIndex
    public var sparseCalibrator: BlendCalibrator
    /// kNN over dense embeddings, when trained with an embedding model.
    public var denseIndex: NeighborIndex?
    public var denseCalibrator: BlendCalibrator?
    /// `URL#MODEL` of the embedding model, when the dense view is used.
    public var embeddings: String?
    /// Start of each training prompt (and of each feedback prompt), for "nearest prompt" reasons.
    public var snippets: [String]
    public var prior: SizePrior
    public var feedbackLog: [FeedbackEvent]
    public var feedbackMemory = FeedbackMemory()
    /// Hyper-parameters used, for the record.
    public var config: RouterTrainer.Config
    /// λ ranges where one member is asked instead of routing (`herd router train --fallback-on`).
    public var fallbacks: [LambdaFallback] = []
    /// Members' relative abilities (item response theory), a blend input; nil in routers trained without it.
    public var ability: AbilityModel?
    /// How `save(to:)` stores the large arrays (kept from the file a model was loaded from).
    public var floatStorage: RouterFloatStorage = .float32

    public init(version: String, trainedAt: Date, trainingRows: Int, members: [RouterMember], featurizer: TextFeaturizer,
                tfidf: TfidfTransform, latent: LatentModel, sparseIndex: NeighborIndex, sparseCalibrator: BlendCalibrator,
                denseIndex: NeighborIndex?, denseCalibrator: BlendCalibrator?, embeddings: String?, snippets: [String],
                prior: SizePrior, feedbackLog: [FeedbackEvent], config: RouterTrainer.Config) {
        self.version = version
        self.trainedAt = trainedAt
        self.trainingRows = trainingRows
        self.members = members
        self.featurizer = featurizer
        self.tfidf = tfidf
        self.latent = latent
        self.sparseIndex = sparseIndex
        self.sparseCalibrator = sparseCalibrator
        self.denseIndex = denseIndex
        self.denseCalibrator = denseCalibrator
        self.embeddings = embeddings
        self.snippets = snippets
        self.prior = prior
        self.feedbackLog = feedbackLog
        self.config = config
    }

    /// Bytes held by the model's numeric arrays (the bulk of its memory).
    public var arrayBytes: Int {
        var n = tfidf.idf.count + latent.w.count + latent.c.count + latent.u.count + latent.b.count
        n += sparseIndex.vectors.count + sparseIndex.outcomes.count
        if let d = denseIndex { n += d.vectors.count + d.outcomes.count }
        if let a = ability { n += a.keys.count + a.idf.count + a.w.count + a.b.count }
        return n * MemoryLayout<Float>.size
    }

    /// The models the router has learned (names as in the routing data).
    public var knownModels: [String] { latent.outputs }

    // MARK: - File

    /// Writes the model to `path` (atomically) in the binary format of `RouterFile`, its large
    /// arrays stored as `floatStorage`.
    public func save(to path: String) throws {
        let data = try RouterFile.encode(self, storage: floatStorage)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot write the router file: \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `save(to:)` (or an older JSON-lines router); a damaged or foreign
    /// file throws `HerdError.badInput` saying what and where.
    public static func load(from path: String) throws -> RouterModel {
        try RouterFile.load(path: path)
    }
}
