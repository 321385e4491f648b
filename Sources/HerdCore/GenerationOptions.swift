/// How a reply is sampled and how long it may be: temperature, top_p, the token limit, the context
/// size and stop sequences. A `nil` field leaves the choice to whoever comes next: the member's
/// config entry, then `[defaults]`, then the server.
///
/// One set of rules for every place a user writes these (the config, `/set` in the TUI, the flags of
/// `herd ask`), so a value refused in one is refused, with the same words, in all of them.
public struct GenerationOptions: Sendable, Hashable, Codable {
    /// Sampling temperature, 0 to 2 (0 = nearly deterministic).
    public var temperature: Double?
    /// Nucleus sampling: only the most likely tokens whose probabilities add up to this, 0 to 1.
    public var topP: Double?
    /// Most tokens to generate (OpenAI's `max_tokens`, Ollama's `num_predict`).
    public var maxTokens: Int?
    /// The context window in tokens. Ollama takes it per request (`options.num_ctx`); llama-server,
    /// vLLM and LM Studio fix it when the server starts (llama-server `-c N`), so it is not sent to them.
    public var contextSize: Int?
    /// Texts that end the reply where the model writes them (not included in it).
    public var stop: [String]?

    public init(temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil, contextSize: Int? = nil, stop: [String]? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.contextSize = contextSize
        self.stop = stop
    }

    /// Nothing set: the server decides everything.
    public var isEmpty: Bool { self == GenerationOptions() }

    /// These options, with every one they leave unset taken from `base` (the session's `/set` over the
    /// member's config over `[defaults]`).
    public func over(_ base: GenerationOptions) -> GenerationOptions {
        GenerationOptions(temperature: temperature ?? base.temperature, topP: topP ?? base.topP, maxTokens: maxTokens ?? base.maxTokens,
                          contextSize: contextSize ?? base.contextSize, stop: stop ?? base.stop)
    }

    // MARK: Settings by name

    /// One option as users name it: the config key, `/set NAME`, and (with `-` for `_`) the flag of `herd ask`.
    public enum Setting: String, CaseIterable, Sendable {
        case temperature
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case contextSize = "num_ctx"
        case stop

        /// The name as written in the config and after `/set`.
        public var key: String { rawValue }

        /// What a valid value is, completing "temperature must be …".
        public var rule: String {
            switch self {
            case .temperature: "a number from 0 to 2"
            case .topP: "a number from 0 to 1"
            case .maxTokens: "a whole number of tokens, at least 1"
            case .contextSize: "a whole number of tokens, from 1 to \(GenerationOptions.largestContext)"
            case .stop: "one or more texts that are not empty"
            }
        }

        /// A setting by its key; `-` is taken for `_` (`top-p`), case ignored.
        public init?(key: String) {
            self.init(rawValue: key.lowercased().replacingOccurrences(of: "-", with: "_"))
        }
    }

    /// The largest context size accepted (2^24 tokens): beyond any model today, and a typo guard.
    public static let largestContext = 1 << 24

    /// Why a value was refused, in words that name the setting and the value.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var setting: Setting
        public var message: String
        public var description: String { message }

        public init(setting: Setting, message: String) {
            self.setting = setting
            self.message = message
        }
    }

    /// Sets a number-valued option (`stop` takes `set(stop:)`).
    /// - Throws: `Problem` when the value breaks the setting's rule (out of range, not whole, not finite).
    public mutating func set(_ setting: Setting, number v: Double) throws {
        func refuse() -> Problem { Problem(setting: setting, message: "\(setting.key) must be \(setting.rule), not \(Self.format(v))") }
        switch setting {
        case .temperature:
            guard v.isFinite, (0...2).contains(v) else { throw refuse() }
            temperature = v
        case .topP:
            guard v.isFinite, (0...1).contains(v) else { throw refuse() }
            topP = v
        case .maxTokens:
            guard v.isFinite, v == v.rounded(), v >= 1, v <= Double(Int32.max) else { throw refuse() }
            maxTokens = Int(v)
        case .contextSize:
            guard v.isFinite, v == v.rounded(), v >= 1, v <= Double(Self.largestContext) else { throw refuse() }
            contextSize = Int(v)
        case .stop:
            throw Problem(setting: setting, message: "stop must be \(setting.rule), not a number")
        }
    }

    /// Sets the stop sequences.
    /// - Throws: `Problem` for an empty list or an empty text.
    public mutating func set(stop texts: [String]) throws {
        guard !texts.isEmpty, !texts.contains(where: \.isEmpty) else {
            throw Problem(setting: .stop, message: "stop must be \(Setting.stop.rule)\(texts.isEmpty ? ", not an empty list" : ", not \"\"")")
        }
        stop = texts
    }

    /// Sets an option from text as typed after `/set NAME` or on the command line: a number, or for
    /// `stop` the texts (see `StopList.parse`).
    /// - Throws: `Problem` when the text is not a valid value.
    public mutating func set(_ setting: Setting, text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if setting == .stop {
            do {
                try set(stop: try StopList.parse(t))
            } catch let e as StopList.ParseError {
                throw Problem(setting: .stop, message: "stop: \(e.message)")
            }
            return
        }
        guard let v = Double(t) else {
            throw Problem(setting: setting, message: "\(setting.key) must be \(setting.rule), not \"\(t)\"")
        }
        try set(setting, number: v)
    }

    /// Unsets one option (back to the config's or the server's choice).
    public mutating func clear(_ setting: Setting) {
        switch setting {
        case .temperature: temperature = nil
        case .topP: topP = nil
        case .maxTokens: maxTokens = nil
        case .contextSize: contextSize = nil
        case .stop: stop = nil
        }
    }

    /// The value of one option as the user would type it back, `nil` when unset.
    public func text(of setting: Setting) -> String? {
        switch setting {
        case .temperature: temperature.map(Self.format)
        case .topP: topP.map(Self.format)
        case .maxTokens: maxTokens.map(String.init)
        case .contextSize: contextSize.map(String.init)
        case .stop: stop.map(StopList.format)
        }
    }

    static func format(_ d: Double) -> String {
        guard d.isFinite else { return String(d) }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
