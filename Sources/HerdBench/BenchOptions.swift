/// How a bench run asks its questions.
public struct BenchOptions: Sendable, Hashable {
    /// Requests in flight at once per server (not per member).
    public var concurrencyPerServer: Int
    /// Further attempts after a failed request, before it is recorded as an error.
    public var retries: Int
    /// Wait before the first retry, in seconds; doubled for each further one.
    public var backoffSeconds: Double
    /// Upper bound on one request, in seconds (all its tokens); `nil` for none.
    public var requestTimeout: Double?
    public var maxTokens: Int?
    public var temperature: Double?
    /// Append a short instruction ("Answer with the letter…") to the prompt sent (not to the prompt recorded).
    public var addInstruction: Bool
    /// Ask again members whose earlier attempt ended in an error (a resumed run); answered pairs are never asked again.
    public var retryErrors: Bool
    /// Per-kind token caps, stop sequences and early stops (`herd calibrate`); `nil` lets answers run to `maxTokens`.
    public var limits: AnswerLimits?

    public init(concurrencyPerServer: Int = 2, retries: Int = 2, backoffSeconds: Double = 0.5, requestTimeout: Double? = 300,
                maxTokens: Int? = 512, temperature: Double? = 0, addInstruction: Bool = true, retryErrors: Bool = true,
                limits: AnswerLimits? = nil) {
        self.concurrencyPerServer = max(1, concurrencyPerServer)
        self.retries = max(0, retries)
        self.backoffSeconds = max(0, backoffSeconds)
        self.requestTimeout = requestTimeout
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.addInstruction = addInstruction
        self.retryErrors = retryErrors
        self.limits = limits
    }
}
