/// `GET /v1/models` as llama-server, vLLM and LM Studio answer it; every field but `id` optional
/// and read leniently, since each server adds its own.
struct OpenAIModelList: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var id: String
        /// llama-server router mode: `loaded`/`unloaded`/`loading`.
        var statusValue: String?
        /// llama-server router mode: the arguments the model runs with (`--embeddings` marks embedders).
        var args: [String]?
        /// The GGUF file llama-server runs the model from (`--model PATH` in its arguments).
        var modelPath: String? {
            guard let args, let i = args.firstIndex(where: { $0 == "--model" || $0 == "-m" }), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        /// llama-server single-model mode.
        var nParams: Double?
        var nCtx: Int?
        /// vLLM.
        var maxModelLen: Int?
        /// LM Studio (`/api/v0/models`): `llm`, `vlm`, `embeddings`; `loaded`/`not-loaded`.
        var type: String?
        var state: String?

        private enum Keys: String, CodingKey {
            case id, status, meta, max_model_len, type, state
        }

        private struct Status: Decodable {
            var value: String?
            var args: [String]?
        }

        private struct Meta: Decodable {
            var n_params: Double?
            var n_ctx_train: Int?
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            id = try c.decode(String.self, forKey: .id)
            let status = try? c.decodeIfPresent(Status.self, forKey: .status)
            statusValue = status?.value ?? (try? c.decodeIfPresent(String.self, forKey: .status)) ?? nil
            args = status?.args
            let meta = try? c.decodeIfPresent(Meta.self, forKey: .meta)
            nParams = meta?.n_params
            nCtx = meta?.n_ctx_train
            maxModelLen = (try? c.decodeIfPresent(Int.self, forKey: .max_model_len)) ?? nil
            type = (try? c.decodeIfPresent(String.self, forKey: .type)) ?? nil
            state = (try? c.decodeIfPresent(String.self, forKey: .state)) ?? nil
        }
    }

    var data: [Entry]
}
