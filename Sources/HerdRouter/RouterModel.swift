import Foundation
import HerdCore

/// Everything a trained router knows; saved as a text file of JSON lines (a header, then one
/// base64 array per line) so that a damaged file is reported by line.
public struct RouterModel: Sendable {
    public static let formatName = "herd-router"
    public static let formatVersion = 1

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
        return n * MemoryLayout<Float>.size
    }

    /// The models the router has learned (names as in the routing data).
    public var knownModels: [String] { latent.outputs }

    // MARK: - File format

    private struct Header: Codable {
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
        var snippets: [String]
        var prior: SizePrior
        var feedbackLog: [FeedbackEvent]
        var feedbackMemory: FeedbackMemory
        var config: RouterTrainer.Config
    }

    private struct Blob: Codable {
        var blob: String
        var count: Int
        var data: Data
    }

    /// Writes the model to `path` (atomically).
    public func save(to path: String) throws {
        let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys]
        let header = Header(
            format: Self.formatName, formatVersion: Self.formatVersion, version: version, trainedAt: trainedAt,
            trainingRows: trainingRows, members: members, featurizer: featurizer, outputs: latent.outputs, rank: latent.rank,
            activation: latent.activation, sparseK: sparseIndex.k, sparsePriorWeight: sparseIndex.priorWeight,
            sparseCalibrator: sparseCalibrator, denseDimension: denseIndex?.dimension, denseK: denseIndex?.k,
            densePriorWeight: denseIndex?.priorWeight, denseCalibrator: denseCalibrator, embeddings: embeddings,
            snippets: snippets, prior: prior, feedbackLog: feedbackLog, feedbackMemory: feedbackMemory, config: config)
        var out = Data()
        out.append(try enc.encode(header))
        var blobs: [(String, [Float])] = [
            ("idf", tfidf.idf), ("latent.w", latent.w), ("latent.c", latent.c), ("latent.u", latent.u), ("latent.b", latent.b),
            ("sparse.vectors", sparseIndex.vectors), ("sparse.outcomes", sparseIndex.outcomes), ("sparse.base", sparseIndex.baseRates),
        ]
        if let d = denseIndex {
            blobs += [("dense.vectors", d.vectors), ("dense.outcomes", d.outcomes), ("dense.base", d.baseRates)]
        }
        for (name, values) in blobs {
            out.append(0x0A)
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            out.append(try enc.encode(Blob(blob: name, count: values.count, data: data)))
        }
        out.append(0x0A)
        do {
            try out.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot write the router file: \(error.localizedDescription)")
        }
    }

    /// Reads a model written by `save(to:)`; a damaged or foreign file throws `HerdError.badInput` naming the line.
    public static func load(from path: String) throws -> RouterModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HerdError.badInput(file: path, line: nil, cause: "cannot read the router file (missing or unreadable); train one with `herd router train`")
        }
        return try decode(data, file: path)
    }

    static func decode(_ data: Data, file: String) throws -> RouterModel {
        let dec = JSONDecoder()
                var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let first = lines.first else {
            throw HerdError.badInput(file: file, line: nil, cause: "empty file, not a Herd router")
        }
        let header: Header
        do {
            header = try dec.decode(Header.self, from: Data(first))
        } catch {
            if let probe = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any],
               probe["format"] as? String == formatName, let v = probe["formatVersion"] as? Int, v != formatVersion {
                throw HerdError.badInput(file: file, line: 1, cause: "router format version \(v), this Herd reads version \(formatVersion); retrain with `herd router train`")
            }
            throw HerdError.badInput(file: file, line: 1, cause: "not a Herd router header (\(error.localizedDescription.prefix(200)))")
        }
        guard header.format == formatName else {
            throw HerdError.badInput(file: file, line: 1, cause: "not a Herd router file (format \"\(header.format)\")")
        }
        guard header.formatVersion == formatVersion else {
            throw HerdError.badInput(file: file, line: 1, cause: "router format version \(header.formatVersion), this Herd reads version \(formatVersion); retrain with `herd router train`")
        }
        var blobs: [String: (line: Int, values: [Float])] = [:]
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
            let values = blob.data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
            blobs[blob.blob] = (lineNo, values)
        }
        func take(_ name: String, count: Int) throws -> [Float] {
            guard let b = blobs[name] else {
                throw HerdError.badInput(file: file, line: nil, cause: "missing data line \"\(name)\" (file truncated?)")
            }
            guard b.values.count == count else {
                throw HerdError.badInput(file: file, line: b.line, cause: "\"\(name)\" has \(b.values.count) values, expected \(count)")
            }
            for v in b.values where !v.isFinite && !name.hasSuffix("outcomes") {
                throw HerdError.badInput(file: file, line: b.line, cause: "\"\(name)\" holds a non-finite value")
            }
            return b.values
        }
        func count(_ name: String) -> Int { blobs[name]?.values.count ?? 0 }
        let dim = header.featurizer.dimension
        guard header.featurizer.dimensionBits >= 4 && header.featurizer.dimensionBits <= 26 else {
            throw HerdError.badInput(file: file, line: 1, cause: "feature dimension 2^\(header.featurizer.dimensionBits) out of range")
        }
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
            throw HerdError.badInput(file: file, line: blobs["sparse.vectors"]?.line, cause: "\"sparse.vectors\" is not a whole number of \(k)-vectors")
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
        guard header.snippets.count == rows else {
            throw HerdError.badInput(file: file, line: 1, cause: "\(header.snippets.count) prompt snippets for \(rows) indexed prompts")
        }
        var model = RouterModel(
            version: header.version, trainedAt: header.trainedAt, trainingRows: header.trainingRows, members: header.members,
            featurizer: header.featurizer, tfidf: TfidfTransform(idf: try take("idf", count: dim)), latent: latent,
            sparseIndex: sparse, sparseCalibrator: header.sparseCalibrator, denseIndex: dense, denseCalibrator: header.denseCalibrator,
            embeddings: header.embeddings, snippets: header.snippets, prior: header.prior, feedbackLog: header.feedbackLog,
            config: header.config)
        guard header.feedbackMemory.entries.allSatisfy({ $0.output < t && $0.vector.indices.allSatisfy { $0 >= 0 && Int($0) < dim } }) else {
            throw HerdError.badInput(file: file, line: 1, cause: "feedback memory refers to unknown models or features")
        }
        model.feedbackMemory = header.feedbackMemory
        return model
    }
}
