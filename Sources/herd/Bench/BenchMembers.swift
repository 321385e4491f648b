import Foundation
import HerdSession
import HerdBackends
import HerdBench
import HerdCore
import HerdRouter

/// The members `herd bench` and `herd calibrate` ask: discovered, or picked with `--members`.
enum BenchMembers {
    /// A member to ask, with its size where the server reported it.
    struct Picked {
        var bench: BenchMember
        var sizeB: Double?
        /// The replicas' health and counts, for a discovered member (`nil` for a `MODEL@URL` one).
        var fleet: Fleet?
    }

    /// Discovers the herd (unless `--members` names only `MODEL@URL` items) and picks from it.
    static func resolve(_ members: String?, serverOptions: ServerOptions) async throws -> [Picked] {
        let items = try members.map(MemberSelection.parse) ?? []
        let named = items.compactMap { if case let .named(n) = $0 { n } else { nil } }
        var out: [Picked] = []
        let needDiscovery = items.isEmpty || !named.isEmpty
        var found: [String: Picked] = [:]
        if needDiscovery {
            let endpoints = try Backends.endpoints(cli: serverOptions.servers)
            let discovery = await Discovery.run(endpoints: endpoints, timeout: 3)
            let problems = discovery.servers.filter { !$0.reachable && !$0.probedByDefault }
            for s in problems {
                StandardError.write("warning: \(s.endpoint.baseURL) is unreachable\(s.error.map { ": \($0)" } ?? "")\n")
            }
            let chosen = items.isEmpty ? discovery.members : try MemberSelection.pick(named, from: discovery.members)
            if chosen.isEmpty { throw HerdError.noMembers("no members found; give servers with --server URL") }
            // A member served by several servers is asked through all of them: the least busy replica
            // takes each question, and a failing one hands it to another.
            let fleet = Fleet(discovery: discovery)
            for m in chosen {
                guard discovery.server(for: m) != nil else {
                    throw HerdError.noMembers("no client for \(m.name) on \(m.endpoint.baseURL)")
                }
                let server = ReplicatedServer(member: m, fleet: fleet)
                found[m.name] = Picked(bench: BenchMember(name: m.name, modelID: m.modelID, server: server), sizeB: m.sizeB,
                                       fleet: fleet)
                if items.isEmpty { out.append(found[m.name]!) }
            }
        }
        for item in items {
            switch item {
            case let .named(n):
                out.append(found[n] ?? found.values.first { $0.bench.modelID == n }!)
            case let .explicit(model, url):
                let endpoint = try ServerEndpoint.parse(url, source: "--members")
                let server = await Backends.server(for: endpoint, streamTimeout: serverOptions.streamTimeout ?? 60)
                // The plain model name is what routing data wants; it only gets the server's name to stay unique.
                let clash = items.contains(.named(model)) || items.filter({ if case .explicit(model, _) = $0 { true } else { false } }).count > 1
                let name = clash ? "\(model)@\(endpoint.name)" : model
                out.append(Picked(bench: BenchMember(name: name, modelID: model, server: server), sizeB: nil))
            }
        }
        let names = out.map(\.bench.name)
        if Set(names).count != names.count { throw HerdError.other("--members: two members have the same name") }
        return out
    }

    /// `--sizes NAME:SIZE,…` as a dictionary.
    static func givenSizes(_ sizes: String?) throws -> [String: Double] {
        guard let sizes else { return [:] }
        do {
            return Dictionary(try RouterMember.parseList(sizes).map { ($0.name, $0.sizeB) }, uniquingKeysWith: { _, b in b })
        } catch {
            throw HerdError.other("--sizes: \(error)")
        }
    }

    /// Every member with a size, from `--sizes` or the server; an error naming those without one.
    static func sizesForTraining(_ picked: [Picked], sizes: String?) throws -> [RouterMember] {
        let given = try givenSizes(sizes)
        var out: [RouterMember] = []
        var missing: [String] = []
        for p in picked {
            if let s = given[p.bench.name] ?? p.sizeB { out.append(RouterMember(name: p.bench.name, sizeB: s)) } else { missing.append(p.bench.name) }
        }
        guard missing.isEmpty else {
            throw HerdError.other("--train needs each member's size; give --sizes \(missing.map { "\($0):SIZE" }.joined(separator: ","))")
        }
        return out
    }
}
