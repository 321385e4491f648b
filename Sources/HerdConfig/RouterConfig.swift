import HerdCore
/// `[router]`: the quality↔cost knob and where the trained router lives.
public struct RouterConfig: Sendable, Hashable, Codable {
    /// λ ≥ 0: 0 picks the most likely member whatever it costs; larger prefers small members.
    public var lambda: Lambda
    /// The trained router file as written in the config; relative paths are inside the data folder.
    public var model: String?
    public var embeddings: EmbeddingsConfig?
    /// `routing = "cascade"`: the cheapest confident member first, escalating a weak answer; else one member answers.
    public var cascade = false

    public init(lambda: Lambda = .default, model: String? = nil, embeddings: EmbeddingsConfig? = nil) {
        self.lambda = lambda
        self.model = model
        self.embeddings = embeddings
    }

    /// The router file's absolute path: `model` resolved against `dataDir`, or `dataDir/router.json`.
    public func modelPath(dataDir: String) -> String {
        guard let model, !model.isEmpty else { return dataDir + "/router.json" }
        if model.hasPrefix("/") { return model }
        if model.hasPrefix("~/") { return HerdPaths.home(ProcessInfo.processInfo.environment) + String(model.dropFirst()) }
        return dataDir + "/" + model
    }
}

import Foundation
