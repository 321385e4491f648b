import HerdCore

extension HerdConfig {
    /// Discovered members regrouped by `servers = [...]` entries: the entry's model on each listed
    /// server becomes one member whose replicas follow the list's order, whatever the servers
    /// report about it; a listed server's copy leaves the member it was in (a member left without
    /// replicas is dropped). Members no such entry names are returned as they were.
    func groupReplicas(_ discovered: [Member]) -> [Member] {
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
            m.replicas = urls.compactMap { url in found.first { $0.baseURL == url } }
            m.endpoint = m.replicas[0]
            out[at] = m
            out = out.enumerated().filter { $0.offset == at || !$0.element.replicas.isEmpty }.map(\.element)
            for i in out.indices where i != at && !out[i].replicas.contains(out[i].endpoint) {
                out[i].endpoint = out[i].replicas[0]
            }
        }
        return out
    }
}
