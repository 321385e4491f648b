import Foundation
import HerdBackends
import HerdBench
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
    /// The routing data a background calibration writes and resumes from; `nil`: calibration is off.
    private let calibrationData: String?
    private var calibration: Task<Void, Never>?
    private var calibrating = false
    /// Parallel requests per server and model, as the server reports its slots.
    private let slots = SlotGate()
    /// Replicas up per member, and members with none usable, as last told to the app.
    private var replicasUp: ([String: Int], Set<String>) = ([:], [])
    /// Probes the fleet while the chat runs (`watchReplicas`).
    private var watcher: Task<Void, Never>?

    /// Seconds between looks at whether a probe is due. Looking costs one lock; probes go out only
    /// when due (a down replica's back-off, `HealthPolicy.idleProbeInterval` for the others), so
    /// this only bounds how late a due probe is: a down replica's first probe (1 s) a second late at most.
    public static let probeTick = 1.0

    public init(queue: EventQueue, router: Router, routerPath: String?, store: Store?, saver: SaveCoalescer?,
                themeDirs: [String] = [], calibrationData: String? = nil) {
        self.themeDirs = themeDirs
        self.calibrationData = calibrationData
        self.queue = queue
        self.router = router
        self.routerPath = routerPath
        self.store = store
        self.saver = saver
    }

    /// The herd changed (discovery finished).
    public func use(_ runtime: HerdRuntime, members: [Member]) {
        lock.withLock { herd = (runtime, members) }
        watchReplicas()
    }

    /// Probes, for as long as the chat runs, the replicas that are due (see `Fleet.probeIdleAndWait`),
    /// and tells the app when that changes how many of a member's replicas are up: the panel's
    /// "2/3 up" follows a replica that dies or comes back while nobody asks anything.
    private func watchReplicas() {
        let task = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.probeTick * 1e9))
                guard let path = self?.path else { return }
                let probed = await path.runtime.fleet.probeIdleAndWait()
                if !probed.isEmpty, !Task.isCancelled { self?.reportReplicas(path) }
            }
        }
        lock.withLock {
            watcher?.cancel()
            watcher = task
        }
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
            let d = path.router.decide(prompt: draft, members: path.members, lambda: lambda, unavailable: path.unavailable,
                                       costs: path.measuredCosts)
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
        case let .preference(p):
            let router = lock.withLock { self.router }
            for t in PairwisePreference.targets(winner: p.winner, losers: p.losers, confidences: p.confidences) {
                router.feedback(prompt: p.prompt, member: t.member, outcome: t.target)
            }
            lock.withLock { learned = true }
            do {
                try store?.recordPreference(p)
            } catch {
                queue.post(.notice(.error("cannot save the pick: \(error)")))
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
        case .calibrate:
            startCalibration()
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
        let slots = self.slots
        let task = Task.detached { [weak self] in
            let runner = self
            // Each event goes to the UI queue straight from the task that reads the socket: no
            // AsyncStream hop per token (the TUI's CPU per token is mostly this path).
            do {
                // One of the server's parallel slots for this model (compare mode sends several at once).
                let (member, _) = try path.server(for: name)
                let key = member.endpoint.baseURL + "#" + member.modelID
                try await slots.acquire(key, limit: { await ServerSlots.probe(member.endpoint, model: member.modelID) })
                defer { slots.release(key) }
                try await path.stream(request, from: name, onStep: { step in
                    log.warning("failover", metadata: ["request": "\(id)", "member": "\(name)", "from": "\(step.from)",
                                                       "to": "\(step.to ?? "-")", "tokens": "\(step.tokensBefore)",
                                                       "continued": "\(step.continued)", "cause": "\(step.cause)"])
                    queue.post(.failover(id: id, step))
                    runner?.reportReplicas(path)
                }) { event in
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
                runner?.reportReplicas(path)
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                log.error("stream failed", metadata: ["request": "\(id)", "member": "\(name)", "error": "\(error)"])
                runner?.reportReplicas(path)
                queue.post(.streamFailed(id: id, message: "\(error)", at: Monotonic.now()))
            }
        }
        lock.withLock { streams[id] = task }
    }

    /// Tells the app (the panel's "2/3 up") when a member's count of replicas up has changed.
    private func reportReplicas(_ path: ReplyPath) {
        let health = path.runtime.fleet.snapshot
        let up = Dictionary(path.members.map { ($0.name, path.runtime.replicasUp($0, health: health)) }, uniquingKeysWith: { a, _ in a })
        let unreachable = path.runtime.unreachable(among: path.members)
        let changed = lock.withLock { () -> Bool in
            defer { replicasUp = (up, unreachable) }
            return up != replicasUp.0 || unreachable != replicasUp.1
        }
        if changed { queue.post(.replicas(up: up, unreachable: unreachable)) }
    }

    /// `herd calibrate` in the background: the shipped suite on every reachable member, capped and
    /// stopped answers, then the user's router is trained and replaces the one in use (the public one
    /// stays behind it). Progress, and the members' new sources, come back as `.calibration` events.
    private func startCalibration() {
        // Checked and claimed under one lock: two presses never start two runs.
        let (herd, routerPath, claimed) = lock.withLock { () -> ((runtime: HerdRuntime, members: [Member])?, String?, Bool) in
            if calibrating { return (nil, nil, false) }
            calibrating = true
            return (self.herd, self.routerPath, true)
        }
        guard claimed else { return }
        let release = { [weak self] in self?.lock.withLock { self?.calibrating = false } ?? () }
        guard let herd, let dataPath = calibrationData, let routerPath else {
            release()
            queue.post(.calibration(.failed(herd == nil ? "the herd is still being found" : "no data folder to keep the answers in")))
            return
        }
        let reachable = herd.members.filter { !herd.runtime.unreachable.contains($0.name) }
        let members = reachable.compactMap { m in herd.runtime.server(for: m).map { BenchMember(name: m.name, modelID: m.modelID, server: $0) } }
        let sizes = Dictionary(reachable.compactMap { m in m.sizeB.map { (m.name, $0) } }, uniquingKeysWith: { a, _ in a })
        let questions: [BenchQuestion]
        do {
            questions = try BenchSuite.load(path: try CalibrationSuite.locate()).questions
            try FileManager.default.createDirectory(atPath: (dataPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            release()
            queue.post(.calibration(.failed("\(error)")))
            return
        }
        let run = Calibration(members: members, sizes: sizes, questions: questions, dataPath: dataPath, routerPath: routerPath)
        let queue = self.queue, log = self.log
        let total = questions.count * members.count
        log.info("calibration started", metadata: ["members": "\(members.map(\.name))", "questions": "\(questions.count)"])
        let tracker = LockedTracker(CalibrationTracker(total: total))
        let task = Task.detached { [weak self] in
            defer { release() }
            do {
                let result = try await run.run { event in
                    if let status = tracker.update(event, now: Monotonic.now()) { queue.post(.calibration(status)) }
                }
                guard let path = result.routerPath else {
                    queue.post(.calibration(.failed("stopped; \(tracker.done) of \(total) answers kept, Ctrl-K resumes")))
                    return
                }
                self?.adoptCalibrated(routerPath: path)
            } catch {
                log.error("calibration failed", metadata: ["error": "\(error)"])
                queue.post(.calibration(.failed("\(error)")))
            }
        }
        lock.withLock { calibration = task }
    }

    /// The freshly trained router takes over, with the public one still behind it for other members.
    private func adoptCalibrated(routerPath: String) {
        do {
            let model = try RouterModel.load(from: routerPath)
            let (old, members) = lock.withLock { (router, herd?.members ?? []) }
            let fresh = Router(model: model, publicModel: old.publicModel)
            lock.withLock { router = fresh }
            let sources = Dictionary(members.map { ($0.name, fresh.source(for: $0)) }, uniquingKeysWith: { a, _ in a })
            let mine = sources.values.filter { $0 == .yourData }.count
            log.info("calibration finished", metadata: ["router": "\(fresh.version)", "members": "\(mine)"])
            queue.post(.calibration(.finished(members: mine), sources: sources))
        } catch {
            queue.post(.calibration(.failed("the trained router did not load: \(error)")))
        }
    }

    /// Stops streams, writes what is pending and keeps what the router learned.
    public func shutdown() {
        let tasks = lock.withLock { () -> [Task<Void, Never>] in
            let t = Array(streams.values)
            streams.removeAll()
            return t
        }
        tasks.forEach { $0.cancel() }
        lock.withLock { calibration }?.cancel()
        lock.withLock { watcher }?.cancel()
        saver?.flush()
        let (learned, router, routerPath) = lock.withLock { (self.learned, self.router, self.routerPath) }
        if learned, let routerPath, router.model != nil {
            try? router.save(path: routerPath)
        }
    }
}

/// The tracker behind a lock: calibration events arrive from the run's tasks.
private final class LockedTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var tracker: CalibrationTracker
    init(_ tracker: CalibrationTracker) { self.tracker = tracker }
    func update(_ event: CalibrationEvent, now: Double) -> CalibrationStatus? { lock.withLock { tracker.update(event, now: now) } }
    var done: Int { lock.withLock { tracker.done } }
}
