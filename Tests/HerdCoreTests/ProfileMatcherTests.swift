@testable import HerdCore
import Testing

/// The 29 models of the shipped routing data, with the sizes Herd trains them with.
private let routingModels: [ProfileMatcher.Candidate] = [
    ("DeepSeek-Coder-V2", 236), ("Llama-2-13b-hf", 13), ("Llama-2-70b-hf", 70), ("Llama-2-7b-hf", 7), ("Meta-Llama-3-70B", 70),
    ("Meta-Llama-3-8B", 8), ("Meta-Llama-3_1-70B-Instruct", 70), ("Meta-Llama-3_1-70B", 70), ("Meta-Llama-3_1-8B-Instruct", 8),
    ("Meta-Llama-3_1-8B", 8), ("Mistral-7B-Instruct-v0.1", 7.2), ("Mistral-7B-Instruct-v0.2", 7.2), ("Mistral-7B-v0.1", 7.2),
    ("Mistral-7B-v0.2-hf", 7.2), ("Mixtral-8x7B-Instruct-v0.1", 46.7), ("Mixtral-8x7B-v0.1", 46.7), ("Phi-3-mini-4k-instruct", 3.8),
    ("Qwen1.5-110B", 111), ("Qwen1.5-72B-Chat", 72), ("Qwen1.5-7B-Chat", 7.7), ("Yi-34B", 34), ("Yi-6B", 6), ("Yi-6b-Chat", 6),
    ("c4ai-command-r-v01", 35), ("gemma-7b", 8.5), ("jamba-1.5-large", 398), ("mathstral-7B", 7.2),
].map { ProfileMatcher.Candidate(name: $0.0, sizeB: $0.1) }

private func profile(_ name: String, size: Double? = nil, variant: ModelIdentity.Variant? = nil) -> String? {
    ProfileMatcher.match(names: [name], sizeB: size, variant: variant, candidates: routingModels)
}

@Suite struct ProfileMatcherTests {
    /// The herd of issue 11, given only as Ollama tags, maps onto the ten reference models.
    @Test(arguments: [
        ("llama3.1:70b", "Meta-Llama-3_1-70B-Instruct"), ("llama3.1:8b", "Meta-Llama-3_1-8B-Instruct"),
        ("phi3:mini", "Phi-3-mini-4k-instruct"), ("mistral:7b", "Mistral-7B-Instruct-v0.2"), ("gemma:7b", "gemma-7b"),
        ("qwen:7b", "Qwen1.5-7B-Chat"), ("mathstral", "mathstral-7B"), ("mathstral:latest", "mathstral-7B"),
        ("mixtral:8x7b", "Mixtral-8x7B-Instruct-v0.1"), ("yi:34b", "Yi-34B"), ("qwen:72b", "Qwen1.5-72B-Chat"),
        ("llama3.1:70b-instruct-q4_K_M", "Meta-Llama-3_1-70B-Instruct"), ("mistral:7b-instruct", "Mistral-7B-Instruct-v0.2"),
        ("qwen:72b-chat", "Qwen1.5-72B-Chat"), ("command-r:35b", "c4ai-command-r-v01"), ("llama3.1:8b-text-q8_0", "Meta-Llama-3_1-8B"),
        ("mistral:7b-instruct-v0.1-q4_0", "Mistral-7B-Instruct-v0.1"), ("llama2:13b", "Llama-2-13b-hf"),
    ])
    func ollamaTags(tag: String, expected: String) {
        #expect(profile(tag) == expected)
    }

    @Test(arguments: [
        ("meta-llama/Llama-3.1-8B-Instruct", "Meta-Llama-3_1-8B-Instruct"), ("meta-llama/Meta-Llama-3.1-70B", "Meta-Llama-3_1-70B"),
        ("microsoft/Phi-3-mini-4k-instruct", "Phi-3-mini-4k-instruct"), ("mistralai/Mixtral-8x7B-Instruct-v0.1", "Mixtral-8x7B-Instruct-v0.1"),
        ("Qwen/Qwen1.5-7B-Chat", "Qwen1.5-7B-Chat"), ("01-ai/Yi-6B-Chat", "Yi-6b-Chat"), ("google/gemma-7b", "gemma-7b"),
        ("CohereForAI/c4ai-command-r-v01", "c4ai-command-r-v01"), ("mistralai/mathstral-7B-v0.1", "mathstral-7B"),
    ])
    func huggingFaceIDs(id: String, expected: String) {
        #expect(profile(id) == expected)
    }

    @Test(arguments: [
        ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", "Meta-Llama-3_1-8B-Instruct"),
        ("/models/mistral-7b-instruct-v0.2.Q5_K_M.gguf", "Mistral-7B-Instruct-v0.2"),
        ("Phi-3-mini-4k-instruct-q4.gguf", "Phi-3-mini-4k-instruct"),
        ("qwen1_5-72b-chat-q4_k_m-00001-of-00002.gguf", "Qwen1.5-72B-Chat"),
        ("yi-34b.Q4_K_M.gguf", "Yi-34B"),
    ])
    func ggufFileNames(file: String, expected: String) {
        #expect(profile(file) == expected)
    }

    /// Unknown models stay unknown: other families, other generations, other sizes.
    @Test(arguments: ["smollm2-135m", "gemma3-270m", "tiny-a", "story", "babble", "llama3.2:3b", "qwen2.5:7b", "phi3:medium",
                      "gemma2:9b", "deepseek-coder-v2:16b", "llama3.1:405b", "nomic-embed-text"])
    func unknownModelsStayUnknown(name: String) {
        #expect(profile(name) == nil)
    }

    @Test func sizeFromTheServerDecidesWhenTheNameHasNone() {
        #expect(profile("llama3.1:latest", size: 8.0) == "Meta-Llama-3_1-8B-Instruct")
        #expect(profile("llama3.1:latest", size: 70.6) == "Meta-Llama-3_1-70B-Instruct")
        #expect(profile("llama3.1:latest") == nil, "8B or 70B: no guess")
        #expect(profile("gemma:7b", size: 9.0) == "gemma-7b", "Ollama reports gemma:7b as 9B")
        #expect(profile("llama3.1:8b", size: 70) == nil, "the name and the server disagree")
    }

    @Test func aGGUFWithoutChatTemplateIsTheBaseModel() {
        #expect(profile("Meta-Llama-3.1-8B-Q4_K_M.gguf", variant: .base) == "Meta-Llama-3_1-8B")
        #expect(profile("Meta-Llama-3.1-8B-Q4_K_M.gguf", variant: .instruct) == "Meta-Llama-3_1-8B-Instruct")
    }

    @Test func laterNamesAreTriedWhenTheFirstSaysNothing() {
        let hit = ProfileMatcher.match(names: ["my-favourite", "mathstral-7B-v0.1-Q4_K_M.gguf"], sizeB: 7.25, candidates: routingModels)
        #expect(hit == "mathstral-7B")
    }

    @Test func parsesTheParts() {
        let id = ModelIdentity(parsing: "llama3.1:70b-instruct-q4_K_M")
        #expect(id == ModelIdentity(family: "llama", version: "3.1", sizeB: 70, variant: .instruct))
        #expect(ModelIdentity(parsing: "Mixtral-8x7B-Instruct-v0.1") ==
            ModelIdentity(family: "mixtral", release: "0.1", sizeB: 46.7, variant: .instruct))
        #expect(ModelIdentity(parsing: "SmolLM2-135M-Instruct").sizeB == 0.135)
        #expect(ModelIdentity(parsing: "phi3:mini").sizeWord == "mini")
        #expect(ModelIdentity(parsing: "c4ai-command-r-v01").family == "command-r")
    }

    /// Only the exact shard shape is cut: five digits, "-of-", five digits, at the end.
    @Test func shardSuffixes() {
        #expect(ModelIdentity.withoutShardSuffix("qwen1_5-72b-chat-q4_k_m-00001-of-00002") == "qwen1_5-72b-chat-q4_k_m")
        #expect(ModelIdentity.withoutShardSuffix("-00001-of-00002") == "")
        #expect(ModelIdentity.withoutShardSuffix("x-0001-of-00002") == "x-0001-of-00002")
        #expect(ModelIdentity.withoutShardSuffix("x-00001-of-0000b") == "x-00001-of-0000b")
        #expect(ModelIdentity.withoutShardSuffix("x-00001-on-00002") == "x-00001-on-00002")
        #expect(ModelIdentity.withoutShardSuffix("llama-3.1-8b") == "llama-3.1-8b")
    }
}
