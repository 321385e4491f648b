import Foundation

/// Maps a local model to the model of routing data it is (its *profile*), by comparing what the
/// names say (`ModelIdentity`) and the size the server reports.
///
/// The rule, in order: the family must agree; versions and size words must agree where both sides give
/// them (a name without a generation is the first); sizes must agree within 30 % where both are known (quantized files report 7.2B as "7B", Ollama
/// reports gemma:7b as "9B" for 8.5B); a local model of unknown size matches only when every remaining
/// candidate has one size. Among what is left, the closest variant wins (an Ollama tag is a chat
/// model, so `yi:34b` takes `Yi-34B` when no chat variant was measured), then the same release or the
/// newest one, then the nearest size. No match leaves the member unknown, never guessed.
public enum ProfileMatcher {
    /// A model of the routing data: its name there and its size when known.
    public struct Candidate: Sendable, Hashable {
        public var name: String
        public var sizeB: Double?
        public init(name: String, sizeB: Double?) {
            self.name = name
            self.sizeB = sizeB
        }
    }

    /// The profile for a local model known by `names` (its id first, then e.g. its GGUF file name),
    /// or `nil` when no candidate fits.
    public static func match(names: [String], sizeB: Double?, variant: ModelIdentity.Variant? = nil,
                             candidates: [Candidate]) -> String? {
        for name in names {
            if let exact = candidates.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return exact.name }
        }
        let parsed = candidates.map { ($0, ModelIdentity(parsing: $0.name)) }
        for name in names {
            var local = ModelIdentity(parsing: name)
            if local.variant == .unknown, let variant { local.variant = variant }
            // A name that says 8B for a model the server counts as 70B is not evidence of either.
            if let said = local.sizeB, let counted = sizeB, max(said, counted) / min(said, counted) > 1.3 { continue }
            if let hit = best(local: local, sizeB: sizeB ?? local.sizeB, candidates: parsed) { return hit }
        }
        return nil
    }

    static func best(local: ModelIdentity, sizeB: Double?, candidates: [(Candidate, ModelIdentity)]) -> String? {
        guard let family = local.family else { return nil }
        var fitting: [(name: String, size: Double?, key: [Double])] = []
        for (candidate, c) in candidates where c.family == family {
            // A name without a generation is the first one ("gemma-7b" is Gemma 1, not Gemma 2).
            if let a = local.version, a != (c.version ?? "1") { continue }
            if let a = local.sizeWord, let b = c.sizeWord, a != b { continue }
            let cSize = candidate.sizeB ?? c.sizeB
            if let a = sizeB, let b = cSize, max(a, b) / max(min(a, b), 1e-9) > 1.3 { continue }
            if sizeB == nil, local.sizeWord != nil, c.sizeWord == nil { continue }
            let versionKey: Double = local.version == c.version ? 0 : 1
            let releaseKey: Double
            switch (local.release, c.release) {
            case let (a?, b?): releaseKey = a == b ? 0 : 2
            case (nil, let b?): releaseKey = 1 - (Double(b) ?? 0) / 1000   // the newest release first
            default: releaseKey = 1
            }
            let sizeKey = (sizeB != nil && cSize != nil) ? abs(log(sizeB! / cSize!)) : 0
            fitting.append((candidate.name, cSize, [variantRank(local.variant, c.variant), versionKey, releaseKey, sizeKey]))
        }
        if sizeB == nil, local.sizeWord == nil, fitting.count > 1 {
            // Without a size, "llama3.1" could be the 8B or the 70B model: refuse to guess.
            let sizes = fitting.compactMap(\.size)
            guard sizes.count == fitting.count, let lo = sizes.min(), let hi = sizes.max(), hi / lo <= 1.3 else { return nil }
        }
        return fitting.min { $0.key.lexicographicallyPrecedes($1.key) }?.name
    }

    private static func variantRank(_ local: ModelIdentity.Variant, _ c: ModelIdentity.Variant) -> Double {
        switch (local, c) {
        case (.instruct, .instruct), (.base, .base), (.unknown, .unknown): return 0
        case (_, .unknown), (.unknown, .base): return 1
        default: return 2
        }
    }
}
