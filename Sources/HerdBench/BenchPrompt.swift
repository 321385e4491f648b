import HerdCore

/// Builds the chat request for a question.
public enum BenchPrompt {
    static let choiceInstruction = "Answer with the letter of the correct option."
    static let numericInstruction = "Give the final answer as a number."

    /// The text sent to the model: the prompt, plus a short instruction when `instruct` is set.
    public static func text(for question: BenchQuestion, instruct: Bool) -> String {
        guard instruct else { return question.prompt }
        switch question.kind {
        case .multipleChoice: return question.prompt + "\n\n" + choiceInstruction
        case .numeric: return question.prompt + "\n\n" + numericInstruction
        // The prompt is the instruction; anything added would change what is checked.
        case .check: return question.prompt
        }
    }

    /// The request for one question; with `options.limits`, capped and given stop sequences for its kind.
    public static func request(for question: BenchQuestion, member: BenchMember, options: BenchOptions) -> ChatRequest {
        var maxTokens = options.maxTokens
        if let cap = options.limits?.maxTokens(for: question.kind) { maxTokens = min(maxTokens ?? cap, cap) }
        return ChatRequest(model: member.modelID,
                           messages: [ChatMessage(role: .user, content: text(for: question, instruct: options.addInstruction))],
                           maxTokens: maxTokens, temperature: options.temperature, stop: options.limits?.stop)
    }
}
