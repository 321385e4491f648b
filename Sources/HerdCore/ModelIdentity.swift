/// What a model's name says about it: family, version, size and whether it is instruction-tuned.
///
/// One parser reads every naming scheme a local herd meets (Ollama tags `llama3.1:70b-instruct-q4_K_M`,
/// Hugging Face ids `meta-llama/Llama-3.1-8B-Instruct`, GGUF file names, llama-server aliases and the
/// model names of routing data such as `Meta-Llama-3_1-8B-Instruct`), so that a local model and a model
/// of the routing data can be compared field by field (`ProfileMatcher`).
public struct ModelIdentity: Sendable, Hashable, Codable {
    /// Instruction/chat tuning, as far as the name tells.
    public enum Variant: String, Sendable, Hashable, Codable {
        case instruct, base, unknown
    }

    /// Lower-case family: `llama`, `mistral`, `mixtral`, `phi`, `qwen`, `gemma`, `yi`, `mathstral`,
    /// `deepseek-coder`, `command-r`, … (`nil` when the name has no word at all).
    public var family: String?
    /// The family's generation (`3.1`, `1.5`, `2`), when the name gives one.
    public var version: String?
    /// A release within a version (`v0.2` → `0.2`).
    public var release: String?
    /// Parameter count in billions read from the name (`8b`, `135m`, `8x7b`).
    public var sizeB: Double?
    /// A size said in words (`mini`, `small`, `medium`, `large`, `flash`, `pro`).
    public var sizeWord: String?
    public var variant: Variant

    public init(family: String?, version: String? = nil, release: String? = nil, sizeB: Double? = nil,
                sizeWord: String? = nil, variant: Variant = .unknown) {
        self.family = family
        self.version = version
        self.release = release
        self.sizeB = sizeB
        self.sizeWord = sizeWord
        self.variant = variant
    }

    /// Reads a model name of any of the schemes above.
    ///
    /// An Ollama tag without a variant (`llama3.1:8b`) is Ollama's chat model, so it reads as `.instruct`
    /// unless its tag says `text` or `base`; other schemes name instruction tuning explicitly.
    public init(parsing raw: String) {
        var name = raw
        // A path or Hugging Face id: the last component names the model.
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        var lower = name.lowercased()
        if lower.hasSuffix(".gguf") { lower.removeLast(5) }
        // Split GGUF shards ("-00001-of-00002") off before they read as sizes.
        lower = Self.withoutShardSuffix(lower)
        var isOllamaTag = false
        if let colon = lower.firstIndex(of: ":"), !lower[lower.index(after: colon)...].isEmpty {
            isOllamaTag = true
            lower = lower.replacingCharacters(in: colon...colon, with: "-")
        }
        let tokens = Self.tokens(lower)
        var family: String?
        var version: String?
        var release: String?
        var sizeB: Double?
        var sizeWord: String?
        var variant = Variant.unknown
        var previous = ""
        for (i, t) in tokens.enumerated() {
            defer { previous = t }
            if Self.quantization(t) || Self.ignored.contains(t) { continue }
            if let s = Self.size(t) { sizeB = sizeB ?? s; continue }
            if Self.instructWords.contains(t) { variant = .instruct; continue }
            if Self.baseWords.contains(t) { variant = .base; continue }
            if Self.sizeWords.contains(t), family != nil { sizeWord = sizeWord ?? t; continue }
            if t.first == "v", t.count > 1, t.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) {
                release = Self.trimmedVersion(String(t.dropFirst())); continue
            }
            if t.allSatisfy({ $0.isNumber || $0 == "." }) {
                // The first bare number after the family is its generation ("llama 3.1", "qwen 1.5").
                if family != nil, version == nil, i > 0, !Self.isNumber(previous) { version = Self.trimmedVersion(t) }
                continue
            }
            guard family == nil, t.first?.isLetter == true else { continue }
            if t == "command", tokens.dropFirst(i + 1).first == "r" { family = "command-r"; continue }
            if t == "deepseek", tokens.dropFirst(i + 1).first == "coder" { family = "deepseek-coder"; continue }
            if Self.notFamilies.contains(t) { continue }
            family = Self.familyAliases[t] ?? t
        }
        if variant == .unknown, isOllamaTag { variant = .instruct }
        self.init(family: family, version: version, release: release, sizeB: sizeB, sizeWord: sizeWord, variant: variant)
    }

    /// `name` without a GGUF shard suffix (`-00001-of-00002`). Checked by hand: a regular expression
    /// here cost 0.2 ms per member on every decision (ICU compiles it on each call).
    static func withoutShardSuffix(_ name: String) -> String {
        let u = Array(name.utf8)
        let shape = Array("-00000-of-00000".utf8)
        guard u.count >= shape.count else { return name }
        let tail = u[(u.count - shape.count)...]
        for (c, s) in zip(tail, shape) {
            if s == UInt8(ascii: "0") ? !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) : c != s { return name }
        }
        return String(decoding: u[..<(u.count - shape.count)], as: UTF8.self)
    }

    /// Lower-case tokens: split on separators, and between a word and a number that follows it
    /// (`llama3.1` → `llama`, `3.1`), keeping units and expert counts whole (`7b`, `8x7b`, `4k`).
    /// An underscore between digits is a decimal point (`3_1` → `3.1`); any other dot separates.
    static func tokens(_ s: String) -> [String] {
        let chars = Array(s)
        var normalised = ""
        for (i, c) in chars.enumerated() {
            let betweenDigits = i > 0 && i + 1 < chars.count && chars[i - 1].isNumber && chars[i + 1].isNumber
            if c == "_", betweenDigits {
                normalised.append(".")
            } else if c == ".", !betweenDigits {
                normalised.append("-")   // "yi-34b.Q4_K_M": a dot between words separates them
            } else {
                normalised.append(c)
            }
        }
        var out: [String] = []
        for piece in normalised.split(whereSeparator: { "-_ :/+".contains($0) }) {
            var current = ""
            var last: Character?
            for c in piece {
                if let l = last, l.isLetter, c.isNumber, current.allSatisfy(\.isLetter), current != "v",
                   !Self.keepsDigits(current) {
                    out.append(current)
                    current = ""
                }
                current.append(c)
                last = c
            }
            if !current.isEmpty { out.append(current) }
        }
        // "v0.2" written as "v" "0.2" after splitting stays one release token.
        var merged: [String] = []
        for t in out {
            if merged.last == "v", t.first?.isNumber == true { merged[merged.count - 1] = "v" + t } else { merged.append(t) }
        }
        return merged.map { $0.trimmingTrailingDots }
    }

    /// Words whose digits belong to them (`q4`, `c4ai`, `iq3`, `fp16`).
    private static func keepsDigits(_ word: String) -> Bool {
        ["q", "iq", "fp", "bf", "f", "int", "c", "w", "a"].contains(word)
    }

    private static func isNumber(_ t: String) -> Bool { !t.isEmpty && t.allSatisfy { $0.isNumber || $0 == "." } }

    private static func trimmedVersion(_ t: String) -> String {
        var parts = t.split(separator: ".").map(String.init)
        while parts.count > 1, parts.last.map({ $0.allSatisfy { $0 == "0" } }) == true { parts.removeLast() }
        return parts.map { String(Int($0) ?? 0) }.joined(separator: ".")
    }

    /// `8b`, `70b`, `135m`, `3.8b`, `8x7b`, `8x22b` in billions.
    static func size(_ t: String) -> Double? {
        guard let unit = t.last, unit == "b" || unit == "m" else { return nil }
        let body = t.dropLast()
        let scale = unit == "m" ? 0.001 : 1
        if let x = body.firstIndex(of: "x"), let n = Double(body[..<x]), let each = Double(body[body.index(after: x)...]) {
            // Mixture of experts: the shared layers make the total less than n × each (Mixtral 8x7B is 46.7B).
            return (Self.expertTotals[String(body)] ?? n * each * 0.83) * scale
        }
        guard let v = Double(body), v > 0 else { return nil }
        return v * scale
    }

    private static let expertTotals: [String: Double] = ["8x7": 46.7, "8x22": 141, "8x3": 18.5]

    private static func quantization(_ t: String) -> Bool {
        if ["f16", "fp16", "bf16", "f32", "fp32", "fp8", "int4", "int8", "awq", "gptq", "gguf", "ggml", "exl2", "mlx"].contains(t) {
            return true
        }
        // q4, q4.0, q4.k, q5.1, iq3, q8.0 (underscores between digits became dots).
        for prefix in ["q", "iq"] where t.hasPrefix(prefix) {
            let rest = t.dropFirst(prefix.count)
            if let d = rest.first, d.isNumber { return true }
        }
        return false
    }

    private static let instructWords: Set<String> = ["instruct", "chat", "it", "rlhf", "sft", "dpo", "orpo", "assistant"]
    private static let baseWords: Set<String> = ["base", "text", "pretrained", "pt"]
    private static let sizeWords: Set<String> = ["mini", "small", "medium", "large", "flash", "pro", "tiny", "nano"]
    /// Tokens that say nothing of identity: context lengths are handled as `4k` below, quant letters, hosts.
    private static let ignored: Set<String> = ["latest", "k", "m", "s", "l", "xs", "xl", "hf", "gguf", "k.m", "k.s", "k.l"]
    /// Leading words that are organisations or brands, not families.
    private static let notFamilies: Set<String> = ["meta", "c4ai", "c", "4ai", "microsoft", "google", "mistralai", "nousresearch",
                                                   "thebloke", "bartowski", "unsloth", "lmstudio", "community", "hermes", "the",
                                                   "model", "ggml", "ai", "library"]
    private static let familyAliases: [String: String] = ["codellama": "codellama", "mistralai": "mistral", "smollm": "smollm",
                                                          "phi3": "phi", "llama": "llama", "qwq": "qwen"]
}

extension String {
    fileprivate var trimmingTrailingDots: String {
        var s = self
        while s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
