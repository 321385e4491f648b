import Foundation

/// Whether an answer is weak enough to escalate, from what the server gave: an empty reply, one cut
/// off by the token limit, a refusal, or a mean token log-probability below the member's threshold.
public enum WeakAnswer {
    /// Mean log-probability per token below which an answer is weak, unless the member has its own.
    public static let defaultLogprobThreshold = -1.5

    /// The threshold for `member`'s answers: its own (`weak_logprob` in the config), else the default.
    public static func logprobThreshold(of member: Member?) -> Double {
        member?.weakLogprob ?? defaultLogprobThreshold
    }

    /// Openings of a refusal, lowercased, compared after trimming.
    static let refusals = ["i'm sorry", "i am sorry", "i cannot", "i can't", "i can not", "i'm unable", "i am unable",
                           "i'm not able", "i am not able", "as an ai", "sorry, i", "i won't", "i will not"]

    /// Why the answer is weak ("empty reply", "truncated", "refusal", "mean log-probability −2.31 < −1.50"), or `nil`.
    public static func reason(text: String, summary: StreamSummary, logprobThreshold: Double = defaultLogprobThreshold) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { return "empty reply" }
        if summary.finishReason == "length" { return "truncated (token limit)" }
        let head = t.prefix(60).lowercased().replacingOccurrences(of: "’", with: "'")
        if refusals.contains(where: { head.hasPrefix($0) }) { return "refusal" }
        if let lp = summary.meanLogprob, lp < logprobThreshold {
            return String(format: "mean log-probability %.2f < %.2f", lp, logprobThreshold)
        }
        return nil
    }
}
