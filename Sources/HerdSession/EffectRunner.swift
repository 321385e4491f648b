import Foundation
import HerdBackends
import HerdCore
import HerdRouter
import HerdStore
import HerdTUI
import Logging

/// Performs the app's effects (route, stream, store, feedback) and answers with events.
/// The only code that does network or disk I/O for the TUI.
public final class EffectRunner: @unchecked Sendable {
    private let queue: EventQueue
    /// Priors until the trained router has loaded (it loads after the first frame: a large file takes a second).
    private var router: Router
    private var routerPath: String?
    private let saver: SaveCoalescer?
    private let store: Store?
    private let lock = NSLock()
    /// The herd; `nil` until discovery has finished.
    private var herd: (runtime: HerdRuntime, members: [Member])?
    private var streams: [Int: Task<Void, Never>] = [:]
    private var learned = false
    private let log = Logger(label: "herd.tui")
    /// Where `/theme NAME` looks.
    private let themeDirs: [String]

    public init(queue: EventQueue, router: Router, routerPath: String?, store: Store?, saver: SaveCoalescer?,
                themeDirs: [String] = []) {
        self.themeDirs = themeDirs
        self.queue = queue
        self.router = router
        self.routerPath = routerPath
        self.store = store
        self.saver = saver
    }

    /// The herd changed (discovery finished).
    public func use(_ runtime: HerdRuntime, members: [Member]) {
        lock.withLock { herd = (runtime, members) }
    }

    /// The trained router has loaded; it replaces the priors for every later decision.
    public func use(router: Router, savePath: String?) {
        lock.withLock {
            self.router = router
            self.routerPath = savePath
        }
    }

    /// The herd and the router as they are now, read under one lock; `nil` before discovery.
    private var path: ReplyPath? {
        lock.withLock { herd.map { ReplyPath(runtime: $0.runtime, members: $0.members, router: router) } }
    }

    /// Performs one effect; never blocks (streams and timers run on tasks of their own).
    public func perform(_ effect: Effect) {
        switch effect {
        case let .route(id, prompt, history, lambda, pin, mode, exclude):
            guard let path else {
                queue.post(.streamFailed(id: id, message: "no member to answer: no model server was found", at: Monotonic.now()))
                return
            }
            var d: Decision
            do {
                d = try path.decide(prompt: prompt, history: history, lambda: lambda, pin: pin, exclude: exclude)
            } catch {
                queue.post(.streamFailed(id: id, message: "\(error)", at: Monotonic.now()))
                return
            }
            if mode == .retry || mode == .pinnedOnce { d.mode = mode }
            log.info("decided", metadata: ["request": "\(id)", "chosen": "\(d.chosen)", "mode": "\(d.mode.rawValue)",
                                           "lambda": "\(d.lambda)", "router": "\(d.routerChoice ?? "-")", "micros": "\(Int(d.micros))"])
            queue.post(.decided(id: id, d))
        case let .preview(draft, lambda):
            guard let path, !path.members.isEmpty else { return }
            let d = path.router.decide(prompt: draft, members: path.members, lambda: lambda, unavailable: path.runtime.unreachable)
            queue.post(.previewed(draft: draft, d))
        case let .stream(id, name, request, ref):
            startStream(id: id, member: name, request: request, saveAs: ref)
        case let .cancel(id):
            let task = lock.withLock { streams.removeValue(forKey: id) }
            task?.cancel()
        case let .save(conversation, message, position):
            saver?.save(message, conversation: conversation, position: position)
        case let .newConversation(c):
            saver?.created(c)
        case let .feedback(f):
            let (learner, outcome): (String, Double)
            switch f.kind {
            case .rating: (learner, outcome) = (f.member, (f.rating ?? 0) > 0 ? 1 : 0)
            case .retry: (learner, outcome) = (f.member, 0)
            case .override: (learner, outcome) = (f.replacement ?? f.member, 1)
            }
            // By member name: the router finds the member's own data first, then its public profile.
            let router = lock.withLock { self.router }
            router.feedback(prompt: f.prompt, member: learner, outcome: outcome)
            lock.withLock { learned = true }
            do {
                try store?.recordFeedback(f)
            } catch {
                queue.post(.notice(.error("cannot save feedback: \(error)")))
            }
        case let .export(path, conversation):
            do {
                // The screen holds a window of a long conversation; the file gets all of it.
                var conversation = conversation
                if conversation.earlier > 0, let store {
                    saver?.flush()
                    if let whole = try store.conversation(id: conversation.id) { conversation = whole }
                }
                let text = path.hasSuffix(".json") ? try ConversationExporter.json(conversation) : ConversationExporter.markdown(conversation)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                queue.post(.notice("exported to \(path)"))
            } catch {
                queue.post(.notice(.error("export failed: \(error)")))
            }
        case let .loadTheme(name):
            do {
                queue.post(.themeLoaded(try ThemeLoader.load(named: name, from: themeDirs)))
            } catch {
                queue.post(.notice(.error("theme error: \(error)")))
            }
        case .copy:
            break  // Written to the terminal by the terminal session (OSC 52), which owns it.
        case .quit:
            shutdown()
        }
    }

    private func startStream(id: Int, member name: String, request: ChatRequest, saveAs ref: MessageRef) {
        guard let path else {
            queue.post(.streamFailed(id: id, message: "\(name) is not reachable", at: Monotonic.now()))
            return
        }
        let queue = self.queue
        let saver = self.saver
        let log = self.log
        let started = Monotonic.now()
        let task = Task.detached {
            // Each event goes to the UI queue straight from the task that reads the socket: no
            // AsyncStream hop per token (the TUI's CPU per token is mostly this path).
            do {
                try await path.stream(request, from: name) { event in
                    switch event {
                    case let .token(t):
                        // Into the writer first: a token must not reach the screen before it is on its way to disk.
                        saver?.append(t, to: ref)
                        queue.post(.token(id: id, text: t, at: Monotonic.now()))
                    case let .done(s):
                        log.info("stream ended", metadata: ["request": "\(id)", "member": "\(name)", "finish": "\(s.finishReason ?? "-")",
                                                           "tokens": "\(s.completionTokens.map(String.init) ?? "-")",
                                                           "seconds": "\(String(format: "%.2f", Monotonic.now() - started))"])
                        queue.post(.streamEnded(id: id, s, at: Monotonic.now()))
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                log.error("stream failed", metadata: ["request": "\(id)", "member": "\(name)", "error": "\(error)"])
                queue.post(.streamFailed(id: id, message: "\(error)", at: Monotonic.now()))
            }
        }
        lock.withLock { streams[id] = task }
    }

    /// Stops streams, writes what is pending and keeps what the router learned.
    public func shutdown() {
        let tasks = lock.withLock { () -> [Task<Void, Never>] in
            let t = Array(streams.values)
            streams.removeAll()
            return t
        }
        tasks.forEach { $0.cancel() }
        saver?.flush()
        let (learned, router, routerPath) = lock.withLock { (self.learned, self.router, self.routerPath) }
        if learned, let routerPath, router.model != nil {
            try? router.save(path: routerPath)
        }
    }
}
