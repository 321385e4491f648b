import Foundation
import HerdCore
import TOMLKit

/// Walks a parsed config, builds `HerdConfig` from what is valid and records every problem with its line.
struct ConfigValidator {
    let file: String
    let index: TOMLLineIndex
    /// Lines blanked after a syntax error: a key missing there is not reported again.
    let blanked: Set<Int>
    let themeDirs: [String]?
    private(set) var problems: [ConfigProblem] = []
    /// Every `[[servers]]` name, valid entry or not, so a member naming a broken server is not reported twice.
    private var declaredServers: [String] = []

    static let rootKeys = ["theme", "stream_timeout", "servers", "members", "router", "keys", "defaults"]
    static let serverKeys = ["name", "url", "protocol", "api_key_env", "timeout", "ca_file", "client_cert", "client_key"]
    static let memberKeys = ["name", "server", "servers", "model", "size", "profile", "enabled", "weak_logprob"] + generationKeys
    static let routerKeys = ["lambda", "model", "embeddings", "routing"]
    /// `[router] routing`: how a message is routed.
    static let routingValues = ["single", "cascade"]
    static let embeddingsKeys = ["server", "model"]
    static let keyNames = KeyAction.allCases.map(\.rawValue)

    init(file: String, index: TOMLLineIndex, blanked: Set<Int>, themeDirs: [String]?) {
        self.file = file
        self.index = index
        self.blanked = blanked
        self.themeDirs = themeDirs
    }

    mutating func validate(_ root: TOMLTable) -> HerdConfig {
        var config = HerdConfig()
        unknownKeys(in: root, at: "", known: ConfigValidator.rootKeys, tableName: "the top level")
        if let theme = string(root, "theme", at: "") {
            if theme.trimmingCharacters(in: .whitespaces).isEmpty {
                error("theme", "theme is empty; leave it out for the default (\(HerdConfig.defaultTheme))")
            } else {
                config.theme = theme
                checkThemeExists(theme)
            }
        }
        if let t = number(root, "stream_timeout", at: "") {
            if t > 0 && t.isFinite { config.streamTimeout = t } else { error("stream_timeout", "stream_timeout must be more than 0 seconds, not \(format(t))") }
        }
        config.servers = servers(root)
        config.members = members(root, servers: config.servers)
        config.router = router(root, servers: config.servers)
        config.keys = keys(root)
        config.defaults = defaults(root)
        return config
    }

    // MARK: Sections

    private mutating func servers(_ root: TOMLTable) -> [ServerConfig] {
        var out: [ServerConfig] = []
        var seenNames: [String: Int] = [:]
        var seenURLs: [String: String] = [:]
        for (i, t) in arrayOfTables(root, "servers") {
            let p = "servers[\(i)]"
            unknownKeys(in: t, at: p, known: ConfigValidator.serverKeys, tableName: "[[servers]]")
            let url = string(t, "url", at: p) ?? missing(p, "url", "[[servers]] needs url = \"http://host:port\"")
            let name = string(t, "name", at: p) ?? url.map { ServerEndpoint(baseURL: $0).name }
            // Every field is checked even when one is wrong, so one run reports all of them.
            var ok = name != nil
            if let name {
                if name.isEmpty {
                    error(p + ".name", "server name is empty")
                    ok = false
                } else if let first = seenNames[name] {
                    error(p + ".name", "a second server is named \"\(name)\" (the first is on line \(first)); names must differ")
                    ok = false
                } else {
                    seenNames[name] = index.line(of: p + ".name") ?? index.line(of: p) ?? 0
                    declaredServers.append(name)
                }
            }
            let normalized = url.flatMap { checkURL($0, at: p + ".url") }
            if normalized == nil { ok = false }
            var proto: ServerProtocol?
            if let raw = string(t, "protocol", at: p) {
                proto = ServerProtocol(rawValue: raw.lowercased())
                if proto == nil {
                    ok = false
                    let names = ServerProtocol.allCases.map(\.rawValue)
                    error(p + ".protocol", "protocol \"\(raw)\" is not one of \(quoted(names))\(didYouMean(raw, names)); leave it out to detect")
                }
            }
            var apiKeyEnv: String?
            if let env = string(t, "api_key_env", at: p) {
                if env.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil {
                    apiKeyEnv = env
                } else {
                    ok = false
                    error(p + ".api_key_env", "api_key_env names an environment variable that holds the key (like OPENAI_API_KEY), "
                          + "not the key itself; \"\(env.prefix(4))…\" is not a variable name")
                }
            }
            var timeout: Double?
            if let t = number(t, "timeout", at: p) {
                if t > 0 && t.isFinite { timeout = t } else {
                    ok = false
                    error(p + ".timeout", "timeout is seconds without a byte before a request to this server is given up and must be more than 0, not \(format(t))")
                }
            }
            let tls = tlsFiles(t, at: p, url: normalized, ok: &ok)
            guard ok, let url, let name, let normalized else { continue }
            let server = ServerConfig(name: name, url: url, proto: proto, apiKeyEnv: apiKeyEnv, timeout: timeout, tls: tls)
            if let other = seenURLs[normalized] {
                warning(p + ".url", "\(url) is already listed as server \"\(other)\"")
            }
            seenURLs[normalized] = server.name
            out.append(server)
        }
        return out
    }

    /// `ca_file`, `client_cert` and `client_key` of a `[[servers]]` entry: readable files (a relative
    /// path is taken from the config's folder, `~/` from the home folder), the certificate and the
    /// key given together; on an http URL they do nothing, which is said.
    private mutating func tlsFiles(_ t: TOMLTable, at p: String, url: String?, ok: inout Bool) -> TLSFiles? {
        var files = TLSFiles()
        func path(_ key: String, _ what: String) -> String? {
            guard let raw = string(t, key, at: p) else { return nil }
            let resolved = ConfigValidator.resolve(raw, relativeTo: (file as NSString).deletingLastPathComponent)
            var folder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &folder)
            guard exists, !folder.boolValue, FileManager.default.isReadableFile(atPath: resolved) else {
                ok = false
                let why = !exists ? "does not exist" : folder.boolValue ? "is a folder" : "cannot be read"
                error(p + "." + key, "\(key) \"\(raw)\": \(resolved) \(why); it should be the PEM file with \(what)")
                return nil
            }
            return resolved
        }
        files.caFile = path("ca_file", "the CA certificate(s) to trust for this server")
        files.clientCertificate = path("client_cert", "this client's certificate")
        files.clientKey = path("client_key", "this client's private key")
        let certGiven = t.contains(key: "client_cert"), keyGiven = t.contains(key: "client_key")
        if certGiven != keyGiven {
            ok = false
            error(p + (certGiven ? ".client_cert" : ".client_key"),
                  "client_cert and client_key go together: give both for a server that asks for a client certificate, or neither")
        }
        guard files != TLSFiles() else { return nil }
        if let url, url.lowercased().hasPrefix("http://") {
            warning(p + ".url", "\(url) is plain http: ca_file, client_cert and client_key are used only over https")
        }
        return files
    }

    /// A path as a user writes it in the config: `~/…` from the home folder, a relative one from `base`.
    static func resolve(_ raw: String, relativeTo base: String) -> String {
        if raw == "~" || raw.hasPrefix("~/") { return (raw as NSString).expandingTildeInPath }
        if raw.hasPrefix("/") { return raw }
        return (base as NSString).appendingPathComponent(raw)
    }

    private mutating func members(_ root: TOMLTable, servers: [ServerConfig]) -> [MemberConfig] {
        var out: [MemberConfig] = []
        var seen: [String: Int] = [:]
        let serverNames = declaredServers
        for (i, t) in arrayOfTables(root, "members") {
            let p = "members[\(i)]"
            unknownKeys(in: t, at: p, known: ConfigValidator.memberKeys, tableName: "[[members]]")
            let name = string(t, "name", at: p) ?? missing(p, "name", "[[members]] needs name = \"…\" (the name shown and used by --model)")
            var ok = name != nil
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
                error(p + ".name", "member name is empty")
                ok = false
            }
            var m = MemberConfig(name: name ?? "")
            if let s = string(t, "server", at: p) {
                if serverNames.contains(s) {
                    m.server = s
                    // A member of a server that is itself invalid is left out with it.
                    if !servers.contains(where: { $0.name == s }) { ok = false }
                } else if serverNames.isEmpty {
                    error(p + ".server", "server \"\(s)\": there are no [[servers]]; add one named \"\(s)\" or leave server out")
                    ok = false
                } else {
                    error(p + ".server", "no [[servers]] entry is named \"\(s)\"\(didYouMean(s, serverNames)) (servers: \(quoted(serverNames)))")
                    ok = false
                }
            }
            if let list = stringArray(t, "servers", at: p) {
                if !replicaServers(list, at: p, serverNames: serverNames, servers: servers, hasServer: t.contains(key: "server")) {
                    ok = false
                } else {
                    m.servers = list
                }
            }
            if let model = string(t, "model", at: p) {
                if model.isEmpty { error(p + ".model", "model is empty; leave it out to use the name"); ok = false } else { m.model = model }
            }
            if let size = number(t, "size", at: p) {
                if size > 0 && size.isFinite { m.sizeB = size } else { error(p + ".size", "size is the parameter count in billions and must be more than 0, not \(format(size))"); ok = false }
            }
            if let profile = string(t, "profile", at: p) {
                if profile.isEmpty { error(p + ".profile", "profile is empty; leave it out"); ok = false } else { m.profile = profile }
            }
            if let enabled = bool(t, "enabled", at: p) { m.enabled = enabled }
            if let w = number(t, "weak_logprob", at: p) {
                if w < 0 && w.isFinite {
                    m.weakLogprob = w
                } else {
                    error(p + ".weak_logprob", "weak_logprob is the mean token log-probability below which the member's cascade answer is weak; it must be below 0 (like -1.5), not \(format(w))")
                    ok = false
                }
            }
            let (options, optionsOK) = generation(t, at: p)
            m.options = options
            if !optionsOK { ok = false }
            if let name, let first = seen[name] {
                error(p + ".name", "a second member is named \"\(name)\" (the first is on line \(first)); names must differ")
                ok = false
            } else if let name {
                seen[name] = index.line(of: p + ".name") ?? 0
            }
            if ok { out.append(m) }
        }
        return out
    }

    /// Checks `servers = [...]` of a member: declared names, each once, not with `server =` too.
    private mutating func replicaServers(_ list: [String], at p: String, serverNames: [String], servers: [ServerConfig],
                                         hasServer: Bool) -> Bool {
        let key = p + ".servers"
        if hasServer {
            error(key, "give either server = \"…\" (one server) or servers = [\"…\", …] (replicas), not both")
            return false
        }
        if list.isEmpty {
            error(key, "servers is empty; list the [[servers]] names that serve this member, or leave it out")
            return false
        }
        var ok = true
        var seen = Set<String>()
        for s in list {
            if !seen.insert(s).inserted {
                error(key, "servers lists \"\(s)\" twice")
                ok = false
            } else if !serverNames.contains(s) {
                let known = serverNames.isEmpty ? "there are no [[servers]]" : "servers: \(quoted(serverNames))"
                error(key, "no [[servers]] entry is named \"\(s)\"\(didYouMean(s, serverNames)) (\(known))")
                ok = false
            } else if !servers.contains(where: { $0.name == s }) {
                ok = false  // the server entry is itself invalid and already reported
            }
        }
        return ok
    }

    private mutating func router(_ root: TOMLTable, servers: [ServerConfig]) -> RouterConfig {
        var r = RouterConfig()
        guard let t = table(root, "router", at: "") else { return r }
        unknownKeys(in: t, at: "router", known: ConfigValidator.routerKeys, tableName: "[router]")
        if let lambda = number(t, "lambda", at: "router") {
            if let l = Lambda(lambda) { r.lambda = l } else { error("router.lambda", "\(Lambda.rule), not \(format(lambda))") }
        }
        if let routing = string(t, "routing", at: "router") {
            if ConfigValidator.routingValues.contains(routing) {
                r.cascade = routing == "cascade"
            } else {
                error("router.routing", "routing is \"single\" (the router's best member answers) or \"cascade\" (cheapest confident member first, escalating a weak answer), not \"\(routing)\"")
            }
        }
        if let model = string(t, "model", at: "router") {
            if model.isEmpty { error("router.model", "model is empty; leave it out for router.json in the data folder") } else { r.model = model }
        }
        if let e = table(t, "embeddings", at: "router") {
            let p = "router.embeddings"
            unknownKeys(in: e, at: p, known: ConfigValidator.embeddingsKeys, tableName: "[router.embeddings]")
            let server = string(e, "server", at: p) ?? missing(p, "server", "[router.embeddings] needs server = a [[servers]] name or URL")
            let model = string(e, "model", at: p) ?? missing(p, "model", "[router.embeddings] needs model = \"…\" (an embedding model id)")
            var ok = server != nil && model != nil
            if let server {
                if server.contains("://") {
                    if checkURL(server, at: p + ".server") == nil { ok = false }
                } else if !declaredServers.contains(server) {
                    let names = declaredServers
                    error(p + ".server", "no [[servers]] entry is named \"\(server)\"\(didYouMean(server, names)); give a server name or a URL")
                    ok = false
                }
            }
            if let model, model.isEmpty {
                error(p + ".model", "model is empty")
                ok = false
            }
            if ok, let server, let model { r.embeddings = EmbeddingsConfig(server: server, model: model) }
        }
        return r
    }

    private mutating func keys(_ root: TOMLTable) -> KeyBindings {
        var bindings = KeyBindings()
        guard let t = table(root, "keys", at: "") else { return bindings }
        unknownKeys(in: t, at: "keys", known: ConfigValidator.keyNames, tableName: "[keys]")
        // In line order, so a clash is reported on the later line.
        let actions = KeyAction.allCases.filter { t.contains(key: $0.rawValue) }
            .sorted { (index.line(of: "keys.\($0.rawValue)") ?? 0) < (index.line(of: "keys.\($1.rawValue)") ?? 0) }
        var taken: [String: KeyAction] = [:]
        for action in KeyAction.allCases where !actions.contains(action) && action != .pin { taken[action.defaultKey] = action }
        var explicit = Set<KeyAction>()
        for action in actions {
            let p = "keys.\(action.rawValue)"
            guard let raw = string(t, action.rawValue, at: "keys") else { continue }
            switch KeyBindings.normalize(raw, for: action) {
            case let .failure(e):
                error(p, "\(action.rawValue): \(e.message)")
            case let .success(key):
                if action != .pin, let other = taken[key], other != action {
                    let how = explicit.contains(other) ? "also bound to" : "the default key of"
                    error(p, "\(action.rawValue) = \"\(raw)\" is \(how) \(other.rawValue); bind \(other.rawValue) to another key first")
                    continue
                }
                bindings[action] = key
                if action != .pin { taken[key] = action }
                explicit.insert(action)
            }
        }
        let pin = bindings[.pin]
        for (key, action) in taken where key.hasPrefix(pin + "-") {
            let rest = key.dropFirst(pin.count + 1)
            if rest.count == 1, let d = rest.first, ("1"..."9").contains(d) {
                error("keys.\(action.rawValue)", "\(action.rawValue) = \"\(key)\" clashes with pin = \"\(pin)\" (\(pin)-1…9 pin members)")
            }
        }
        return bindings
    }

    // MARK: Values

    private mutating func arrayOfTables(_ root: TOMLTable, _ key: String) -> [(Int, TOMLTable)] {
        guard let v = root[key] else { return [] }
        guard let a = v.array else {
            if v.table != nil {
                error(key, "write [[\(key)]] (one per entry), not [\(key)]")
            } else {
                typeError(key, v, expected: "an array of tables ([[\(key)]])")
            }
            return []
        }
        var out: [(Int, TOMLTable)] = []
        for i in 0..<a.count {
            if let t = a[i].table {
                out.append((i, t))
            } else {
                typeError("\(key)[\(i)]", a[i], expected: "a table")
            }
        }
        return out
    }

    mutating func table(_ t: TOMLTable, _ key: String, at path: String) -> TOMLTable? {
        guard let v = t[key] else { return nil }
        if let table = v.table { return table }
        typeError(join(path, key), v, expected: "a table ([\(join(path, key))])")
        return nil
    }

    mutating func string(_ t: TOMLTable, _ key: String, at path: String) -> String? {
        guard let v = t[key] else { return nil }
        if v.type == .string, let s = v.string { return s }
        typeError(join(path, key), v, expected: "a string (in quotes)")
        return nil
    }

    private mutating func stringArray(_ t: TOMLTable, _ key: String, at path: String) -> [String]? {
        guard let v = t[key] else { return nil }
        guard let a = v.array else {
            typeError(join(path, key), v, expected: "an array of strings ([\"a\", \"b\"])")
            return nil
        }
        var out: [String] = []
        for i in 0..<a.count {
            guard a[i].type == .string, let s = a[i].string else {
                error(join(path, key), "\(key) item \(i + 1) must be a string (in quotes), not \(ConfigValidator.typeName(a[i].type))")
                return nil
            }
            out.append(s)
        }
        return out
    }

    mutating func number(_ t: TOMLTable, _ key: String, at path: String) -> Double? {
        guard let v = t[key] else { return nil }
        if v.type == .int, let i = v.int { return Double(i) }
        if v.type == .double, let d = v.double { return d }
        typeError(join(path, key), v, expected: "a number")
        return nil
    }

    private mutating func bool(_ t: TOMLTable, _ key: String, at path: String) -> Bool? {
        guard let v = t[key] else { return nil }
        if v.type == .bool, let b = v.bool { return b }
        typeError(join(path, key), v, expected: "true or false")
        return nil
    }

    /// Records a missing required key unless the table lost a line to a syntax error; returns nil.
    private mutating func missing(_ table: String, _ key: String, _ message: String) -> String? {
        let range = index.range(ofTable: table)
        if blanked.contains(where: range.contains) { return nil }
        problems.append(ConfigProblem(file: file, line: index.line(of: table), key: join(table, key), message: message))
        return nil
    }

    mutating func unknownKeys(in t: TOMLTable, at path: String, known: [String], tableName: String) {
        for key in t.keys where !known.contains(key) {
            let p = join(path, key)
            var message = "unknown key \"\(key)\" in \(tableName)"
            if let s = Suggestion.closest(to: key, in: known) {
                message += " (did you mean \"\(s)\"?)"
            } else if let home = ConfigValidator.home(of: key), home != tableName {
                message += "; \"\(key)\" belongs \(home == "the top level" ? "at the top level, above the first [table]" : "in \(home)")"
            } else {
                message += "; known keys: \(known.joined(separator: ", "))"
            }
            error(p, message)
        }
    }

    /// Where a key that is misplaced belongs.
    static func home(of key: String) -> String? {
        if rootKeys.contains(key) { return "the top level" }
        if generationKeys.contains(key) { return "[defaults] (or a [[members]] entry)" }
        if routerKeys.contains(key) { return "[router]" }
        if memberKeys.contains(key) { return "[[members]]" }
        if serverKeys.contains(key) { return "[[servers]]" }
        if keyNames.contains(key) { return "[keys]" }
        return nil
    }

    private mutating func checkURL(_ raw: String, at path: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let r = s.range(of: "://") {
            let scheme = s[..<r.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else {
                error(path, "url \"\(raw)\": the scheme must be http or https, not \(scheme)\(scheme.contains("+") ? " (set protocol = … instead of a prefix)" : "")")
                return nil
            }
        }
        let normalized = ServerEndpoint.normalize(s)
        guard let url = URL(string: normalized), let host = url.host, !host.isEmpty, !s.contains(" ") else {
            error(path, "url \"\(raw)\" is not a URL with a host, like http://127.0.0.1:11434")
            return nil
        }
        if let port = url.port, !(1...65535).contains(port) {
            error(path, "url \"\(raw)\": port \(port) is out of range 1–65535")
            return nil
        }
        return normalized
    }

    private mutating func checkThemeExists(_ theme: String) {
        guard let dirs = themeDirs else { return }
        let fm = FileManager.default
        var available: [String] = []
        for dir in dirs {
            for ext in ["yaml", "yml"] where fm.fileExists(atPath: "\(dir)/\(theme).\(ext)") { return }
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            available += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { ($0 as NSString).deletingPathExtension }
        }
        if available.isEmpty { return }  // no themes installed at all: nothing to compare against
        let unique = Array(Set(available)).sorted()
        warning("theme", "theme \"\(theme)\" is in none of the theme folders\(didYouMean(theme, unique)); themes: \(unique.joined(separator: ", "))")
    }

    // MARK: Recording

    mutating func error(_ path: String, _ message: String) {
        problems.append(ConfigProblem(file: file, line: index.line(of: path), key: path, message: message))
    }

    private mutating func warning(_ path: String, _ message: String) {
        problems.append(ConfigProblem(file: file, line: index.line(of: path), key: path, message: message, severity: .warning))
    }

    mutating func typeError(_ path: String, _ v: TOMLValueConvertible, expected: String) {
        error(path, "\(path) must be \(expected), not \(ConfigValidator.typeName(v.type))")
    }

    static func typeName(_ t: TOMLType) -> String {
        switch t {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a floating-point number"
        case .bool: return "a boolean"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }

    private func didYouMean(_ word: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: word, in: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    private func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private func format(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}
