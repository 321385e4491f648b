import Foundation
import HerdCore

/// Writes a commented `config.toml` (what `herd config init` saves) from the servers and members found.
public enum ConfigWriter {
    /// A complete config: every found server and member written out, every other setting present as a
    /// commented default so the file documents itself. `ConfigLoader.check` finds no problem in it.
    ///
    /// - Parameters:
    ///   - servers: reachable servers, protocol filled in when known.
    ///   - members: their chat members (`Member.endpoint` says which server).
    ///   - unreachable: servers that were asked for but did not answer; written commented out.
    public static func render(servers: [ServerEndpoint], members: [Member], unreachable: [ServerEndpoint] = [],
                              generatedAt: Date = Date()) -> String {
        let stamp = ISO8601DateFormatter().string(from: generatedAt)
        var out = """
            # Herd configuration, written by `herd config init` on \(stamp).
            # Check it with `herd config check`. Environment: HERD_CONFIG (this file), HERD_HOME (data folder).

            # The colour theme: a themes/NAME.yaml beside herd or in the themes/ folder next to this file.
            theme = \(quote(HerdConfig.defaultTheme))
            # Seconds without a byte from a server before a stream is given up.
            stream_timeout = \(format(HerdConfig.defaultStreamTimeout))


            """
        let names = serverNames(servers)
        out += "# Model servers. protocol: \"ollama\" or \"openai\" (llama-server, vLLM, LM Studio); leave it out to detect.\n"
        out += "# api_key_env: the NAME of an environment variable holding a bearer token (for remote servers);\n"
        out += "# timeout: this server's seconds without a byte before a request is given up (else stream_timeout).\n"
        out += "# ca_file: a PEM file of the private CA an https server's certificate comes from; client_cert and\n"
        out += "# client_key: PEM files for a server that asks for a client certificate (paths from this file's folder).\n"
        if servers.isEmpty {
            out += "# No server answered. Add one:\n# [[servers]]\n# name = \"ollama\"\n# url = \"http://127.0.0.1:11434\"\n# protocol = \"ollama\"\n"
        }
        for (s, name) in zip(servers, names) {
            out += "[[servers]]\nname = \(quote(name))\nurl = \(quote(s.baseURL))\n"
            if let p = s.proto { out += "protocol = \(quote(p.rawValue))\n" }
            if let env = s.apiKeyEnv { out += "api_key_env = \(quote(env))\n" } else { out += "# api_key_env = \"OPENAI_API_KEY\"\n" }
            out += "\n"
        }
        for s in unreachable {
            out += "# Did not answer when this file was written:\n# [[servers]]\n# url = \(quote(s.baseURL))\n\n"
        }

        out += "\n# The herd. name: shown and used by --model and /model; model: the server's model id;\n"
        out += "# size: parameters in billions (the router's cost); profile: the model's name in routing data\n"
        out += "# (e.g. \"Meta-Llama-3_1-8B-Instruct\"), which lets the router use what it learned about it;\n"
        out += "# enabled = false keeps a member out of the herd; servers = [\"a\", \"b\"] makes the model on\n"
        out += "# those servers one member with several replicas (found automatically when they serve the same model);\n"
        out += "# weak_logprob = -2.5: in a cascade, an answer whose mean token log-probability is below this is weak\n"
        out += "# and goes to a stronger member (default \(format(WeakAnswer.defaultLogprobThreshold)); small models need a lower one).\n"
        if members.isEmpty { out += "# No models found. Example:\n# [[members]]\n# name = \"llama3.1:8b\"\n# server = \"ollama\"\n# size = 8\n" }
        for m in members {
            let server = servers.firstIndex { $0.baseURL == m.endpoint.baseURL }.map { names[$0] }
            let replicas = m.replicas.compactMap { r in servers.firstIndex { $0.baseURL == r.baseURL }.map { names[$0] } }
            out += "[[members]]\nname = \(quote(m.name))\n"
            if replicas.count > 1 {
                // Served by several servers: one member, its requests shared out and failed over.
                out += "servers = [\(replicas.map(quote).joined(separator: ", "))]\n"
            } else if let server {
                out += "server = \(quote(server))\n"
            }
            out += "model = \(quote(m.modelID))\n"
            if let size = m.sizeB { out += "size = \(format(size))\n" } else { out += "# size = 7  # not reported by the server\n" }
            if let p = m.profile { out += "profile = \(quote(p))\n" } else { out += "# profile = \"\"\n" }
            if let w = m.weakLogprob { out += "weak_logprob = \(format(w))\n" }
            out += "enabled = \(m.enabled)\n\n"
        }

        out += """

            # Generation options for every member (unset: the server's default); a [[members]] entry may set
            # the same keys for itself, and /set in the TUI or --temperature etc. on `herd ask` override both.
            # num_ctx, the context size in tokens, is sent to Ollama only: llama-server, vLLM and LM Studio fix
            # it when they start (llama-server -c N).
            # [defaults]
            # temperature = 0.7      # 0 to 2
            # top_p = 0.9            # 0 to 1
            # max_tokens = 1024
            # num_ctx = 8192
            # stop = ["\\n\\nUser:"]

            """
        let router = RouterConfig()
        out += """

            [router]
            # λ ≥ 0, the quality↔cost knob: 0 takes the member most likely to answer well whatever its size;
            # larger values prefer smaller members. `[` and `]` change it in the TUI.
            lambda = \(format(router.lambda.value))
            # "single": the router's best member answers; "cascade": the cheapest confident member first,
            # a weak answer (empty, cut off, a refusal, low log-probability) goes on to the next. `/cascade` toggles it.
            # routing = "single"
            # The trained router (`herd router train`); relative paths are in the data folder.
            # model = "router.json"

            # An embedding model for the router's dense features (optional):
            # [router.embeddings]
            # server = "ollama"
            # model = "nomic-embed-text"

            # Keys a terminal reports: a character, ctrl-LETTER, alt-KEY (a character or enter), f1…f12, or
            # enter, esc, tab, backspace, delete, space, up, down, left, right, home, end, pgup, pgdn. These are the defaults.
            [keys]

            """
        for action in KeyAction.allCases {
            let line = "# \(action.rawValue) = \(quote(action.defaultKey))"
            out += line.padding(toLength: max(line.count, 28), withPad: " ", startingAt: 0) + "  # \(action.summary)\n"
        }
        return out
    }

    /// Friendly, unique server names: by the usual port (`ollama`, `llama-server`, `lm-studio`, `vllm`), else host-port.
    static func serverNames(_ servers: [ServerEndpoint]) -> [String] {
        var taken = Set<String>()
        return servers.map { s in
            let port = URL(string: s.baseURL)?.port
            var base: String
            switch (s.proto, port) {
            case (.ollama?, _), (nil, 11434): base = "ollama"
            case (_, 8080): base = "llama-server"
            case (_, 1234): base = "lm-studio"
            case (_, 8000): base = "vllm"
            default: base = s.name.replacingOccurrences(of: ":", with: "-")
            }
            var name = base
            var n = 2
            while taken.contains(name) {
                name = "\(base)-\(n)"
                n += 1
            }
            taken.insert(name)
            return name
        }
    }

    /// A TOML basic string.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
