import Foundation
import HerdBackends
import HerdConfig
import HerdCore
import HerdRouter
import HerdStore
import HerdTerminal
import HerdTUI
import Logging

/// The TUI's composition root: store, router, discovery, effect runner and terminal session.
public struct ChatSession {
    let settings: Settings
    let cliServers: [String]
    let routerPath: String?
    let lambda: Lambda
    let startNew: Bool
    let version: String

    public init(settings: Settings, cliServers: [String], routerPath: String?, lambda: Lambda, startNew: Bool, version: String) {
        self.settings = settings
        self.cliServers = cliServers
        self.routerPath = routerPath
        self.lambda = lambda
        self.startNew = startNew
        self.version = version
    }

    /// Runs the TUI until the user quits; the terminal is restored on every way out.
    public func run() async throws {
        try FileManager.default.createDirectory(atPath: settings.dataDir, withIntermediateDirectories: true)
        // Logs go to the data folder, never to the screen the TUI owns.
        LoggingSetup.bootstrap(dataDir: settings.dataDir)
        let log = Logger(label: "herd.tui")
        log.info("start", metadata: ["version": "\(version)", "config": "\(settings.configFile)"])
        let queue = EventQueue()
        var notices: [String] = []
        // The store: a corrupt file is moved aside and a new one started, never a crash loop.
        let dbPath = settings.databaseFile
        let (store, recovered) = try Store.openOrRecover(path: dbPath)
        if let recovered {
            notices.append("the database was unreadable: kept as \(recovered), started a new one")
            log.error("database unreadable; moved aside", metadata: ["kept": "\(recovered)"])
        }
        let interrupted = try store.markInterruptedStreams()
        if interrupted > 0 { notices.append("\(interrupted) reply was cut off last time: marked stopped") }
        var conversation = Conversation()
        var known: Set<UUID> = []
        // The newest 500 messages of a long conversation: enough to scroll back through, and memory
        // stays flat however long it has grown (the rest is in `herd export`).
        if !startNew, let last = try store.lastConversation(window: 500) {
            conversation = last
            known.insert(last.id)
        }
        let saver = SaveCoalescer(store: store, known: known) { queue.post(.notice(.error($0))) }
        // The first frame does not wait for the trained router (tens of MB take a second to read):
        // decisions use size priors until it has loaded, in the background.
        let router = Router(model: nil)
        // The user's router lives here whether or not it exists yet: `herd calibrate` (Ctrl-K) writes it.
        let runner = EffectRunner(queue: queue, router: router, routerPath: routerPath ?? settings.routerPath ?? settings.defaultRouterPath,
                                  store: store, saver: saver, themeDirs: settings.themeDirs,
                                  calibrationData: settings.calibrationData)
        let settings = self.settings
        let routerOverride = self.routerPath
        let routerLoad = Task.detached { Result { try settings.loadRouter(override: routerOverride) } }
        let theme: Theme
        do {
            theme = try ThemeLoader.load(named: settings.theme, from: settings.themeDirs)
        } catch {
            theme = .herdDark
            notices.append("\(error); using \(Theme.herdDark.name)")
        }
        var state = AppState(conversation: conversation, lambda: lambda, theme: theme)
        state.cascadeOn = settings.config.router.cascade
        state.keymap = Keymap(settings.config.keys.keys)
        state.generation = settings.generation
        // Everything gathered in `notices` so far reports a problem.
        state.notice = Notice((notices + ["finding your herd…"]).joined(separator: " · "), severity: notices.isEmpty ? .info : .error)
        state.findingHerd = true
        let cliServers = self.cliServers
        // Discovery runs while the first frame is already on screen.
        Task.detached {
            do {
                let discovery = try await HerdRuntime.discover(cliServers: cliServers, configServers: settings.servers,
                                                               streamTimeout: settings.streamTimeout,
                                                               remember: settings.knownServersFile,
                                                               environment: settings.environment)
                let runtime = HerdRuntime(discovery: discovery)
                for server in discovery.servers where server.reachable || !server.probedByDefault {
                    log.info("server", metadata: ["url": "\(server.endpoint.baseURL)", "reachable": "\(server.reachable)",
                                                  "protocol": "\(server.proto.map { "\($0)" } ?? "-")", "error": "\(server.error ?? "-")"])
                }
                var notice = notices.joined(separator: " · ")
                var loadedRouter: Router?
                switch await routerLoad.value {
                case let .success((trained, problem)):
                    loadedRouter = trained
                    if let problem {
                        log.error("public router not loaded", metadata: ["error": "\(problem)"])
                        notice += (notice.isEmpty ? "" : " · ") + problem
                    }
                case let .failure(error):
                    log.error("router not loaded", metadata: ["error": "\(error)"])
                    notice += (notice.isEmpty ? "" : " · ") + "\(error); routing by member size until it is fixed"
                }
                let members = settings.herd(runtime.discovery, router: loadedRouter ?? router)
                runner.use(runtime, members: members)
                if let trained = loadedRouter, trained.model != nil || trained.publicModel != nil {
                    runner.use(router: trained, savePath: routerOverride ?? settings.routerPath ?? settings.defaultRouterPath)
                    log.info("router loaded", metadata: ["version": "\(trained.version)", "public": "\(trained.publicModel?.version ?? "-")"])
                }
                let sourcer = loadedRouter ?? router
                var statuses = members.map { m in
                    MemberStatus(member: m, reachable: runtime.replicasUsable(m) > 0, source: sourcer.source(for: m),
                                 replicasUp: runtime.replicasUp(m))
                }
                for s in discovery.servers where !s.reachable && !s.probedByDefault {
                    statuses.append(MemberStatus(member: Member(name: s.endpoint.name, endpoint: s.endpoint), reachable: false,
                                                 problem: s.error))
                }
                if let problems = runtime.serverProblems { notice = notice.isEmpty ? problems : notice + " · " + problems }
                if members.isEmpty, runtime.serverProblems == nil {
                    notice = "no model server found: start Ollama, llama-server, LM Studio or vLLM, or pass --server URL"
                }
                queue.post(.herd(members: statuses, notice: .error(notice)))
                // The cascade's thresholds (defaults where too few answers were judged): learned once the
                // router has loaded, from rated and picked answers and the herd's calibration answers.
                let thresholds = CascadeThresholds.learn(settings: settings, store: store, router: sourcer, members: members)
                queue.post(.cascadeThresholds(thresholds))
            } catch {
                queue.post(.herd(members: [], notice: .error("\(error)")))
            }
        }
        let initial = state
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, Error>) in
            // The terminal loop blocks in poll(); it gets a thread of its own, off the concurrency pool.
            let thread = Thread {
                do {
                    try TerminalSession().run(state: initial, queue: queue, perform: runner.perform)
                    runner.shutdown()
                    cont.resume()
                } catch {
                    runner.shutdown()
                    cont.resume(throwing: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
