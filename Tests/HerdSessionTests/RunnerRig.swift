import HerdCore
import HerdRouter
import HerdSession
import HerdStore
import HerdTestSupport

/// An effect runner wired as the chat wires it: a store in a folder of its own, the one durable
/// writer, and the fixture server's herd in use. The folder lives as long as the rig.
struct RunnerRig {
    let dir = TemporaryDirectory()
    let store: Store
    let queue = EventQueue()
    let saver: SaveCoalescer
    let runner: EffectRunner
    let path: ReplyPath

    init(_ f: FixtureServer, router: Router = Router(model: nil)) async throws {
        store = try Store.open(path: dir.file("herd.sqlite"))
        let queue = self.queue
        saver = SaveCoalescer(store: store, interval: 0.05, known: []) { queue.post(.notice(.error($0))) }
        runner = EffectRunner(queue: queue, router: router, routerPath: nil, store: store, saver: saver)
        path = try await ReplyPathTests.path(f)
        runner.use(path.runtime, members: path.members)
    }
}
