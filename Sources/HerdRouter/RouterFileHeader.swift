import Foundation

/// The JSON part of a router file: everything but the numeric arrays, which it lists by name.
///
/// One type for both formats: the old JSON-lines files carry `snippets` here and their arrays on
/// later lines; binary files list their arrays in `blobs` and keep the snippets in a blob.
struct RouterFileHeader: Codable {
    /// A numeric or text array stored after the header.
    struct Blob: Codable {
        var name: String
        /// "f32", "f16" (little-endian floats) or "utf8" (snippets, one per line).
        var type: String
        /// Values (floats) or bytes (utf8).
        var count: Int
        /// From the start of the data section (which starts 8-byte aligned after the header).
        var offset: Int
        /// `RouterFile.hash` of the stored bytes, hex.
        var hash: String
    }

    var format: String
    var formatVersion: Int
    var version: String
    var trainedAt: Date
    var trainingRows: Int
    var members: [RouterMember]
    var featurizer: TextFeaturizer
    var outputs: [String]
    var rank: Int
    var activation: LatentModel.Activation
    var sparseK: Int
    var sparsePriorWeight: Float
    var sparseCalibrator: BlendCalibrator
    var denseDimension: Int?
    var denseK: Int?
    var densePriorWeight: Float?
    var denseCalibrator: BlendCalibrator?
    var embeddings: String?
    /// JSON-lines files only.
    var snippets: [String]?
    var prior: SizePrior
    var feedbackLog: [FeedbackEvent]
    var feedbackMemory: FeedbackMemory
    var config: RouterTrainer.Config
    /// Binary files only.
    var blobs: [Blob]?
    var storage: RouterFloatStorage?
    var fallbacks: [LambdaFallback]?
    /// The item-response part's scalars; its arrays are `ability.*`. Absent in older routers.
    var ability: AbilityHeader?

    struct AbilityHeader: Codable {
        var featurizer: TextFeaturizer
        var unseenIDF: Float
        var outputs: Int
    }
}
