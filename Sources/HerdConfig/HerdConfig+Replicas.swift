import HerdCore

extension HerdConfig {
    /// Discovered members regrouped by `servers = [...]` entries: the entry's model on each listed
    /// server becomes one member whose replicas follow the list's order, whatever the servers
    /// report about it; a listed server's copy leaves the member it was in (a member left without
    /// replicas is dropped). Members no such entry names are returned as they were.
    ///
    /// A listed server in `unanswered` (base URLs of servers that gave discovery no model list:
    /// down, stopped, failing) is kept as a replica all the same, so that it shows as down rather
    /// than vanishing, and comes back when a probe finds it answering. The member still needs one
    /// listed server that offers the model, and its `endpoint` is the first of those.
    func groupReplicas(_ discovered: [Member], unanswered: Set<String> = []) -> [Member] {
        var out = discovered
        for c in members {
            guard let list = c.servers else { continue }
            let urls = list.compactMap { server(named: $0).map { ServerEndpoint.normalize($0.url) } }
            var found: [ServerEndpoint] = []
            var template: Member?
            var firstIndex: Int?
            for i in out.indices where out[i].modelID == c.modelID {
                let mine = out[i].replicas.filter { urls.contains($0.baseURL) }
                guard !mine.isEmpty else { continue }
                if template == nil { template = out[i]; firstIndex = i }
                found += mine
                out[i].replicas.removeAll { urls.contains($0.baseURL) }
            }
            guard var m = template, let at = firstIndex else { continue }
            m.replicas = urls.compactMap { url in
                found.first { $0.baseURL == url } ?? (unanswered.contains(url) ? endpoints.first { $0.baseURL == url } : nil)
            }
            m.endpoint = m.replicas.first { r in found.contains { $0.baseURL == r.baseURL } } ?? m.replicas[0]
            out[at] = m
            out = out.enumerated().filter { $0.offset == at || !$0.element.replicas.isEmpty }.map(\.element)
            for i in out.indices where i != at && !out[i].replicas.contains(out[i].endpoint) {
                out[i].endpoint = out[i].replicas[0]
            }
        }
        return out
    }
}
