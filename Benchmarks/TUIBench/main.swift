// herd-tui-bench: what one frame of the TUI costs with a long conversation while a fast stream
// arrives. Figures, not assertions.
//
//   herd-tui-bench [MESSAGES [TOKENS [COLS ROWS]]]     defaults: 2000 5000 120 40
//
// A conversation of MESSAGES messages (markdown, code blocks, CJK) is on screen; a reply of
// TOKENS tokens arrives at 1,000 tokens/s of simulated time. Every token goes through
// `App.update`; a frame is rendered into the cell buffer whenever 1/60 s of simulated time has
// passed (the terminal session's frame cap), and once more per token for the worst case.
// Times are this thread's CPU time.
// The ncurses diff-and-draw step is not included (it needs a terminal; see Benchmarks/tui-process).
import Foundation
import HerdCore
import HerdTUI

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let messageCount = args.count > 0 ? args[0] : 2000
let tokenCount = args.count > 1 ? args[1] : 5000
let cols = args.count > 2 ? args[2] : 120
let rows = args.count > 3 ? args[3] : 40

/// This thread's CPU time: frames are timed by the work they do, so other processes on a busy
/// machine do not show up as slow frames.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
}

let server = ServerEndpoint(baseURL: "http://127.0.0.1:8080")
let names = ["llama-3.1-8b", "qwen2.5-7b", "mistral-7b", "phi-3-mini", "gemma-2-9b", "yi-1.5-9b", "mathstral-7b",
             "deepseek-coder-6.7b", "llama-3.1-70b", "mixtral-8x7b"]
let members = names.enumerated().map { i, n in
    MemberStatus(member: Member(name: n, endpoint: server, sizeB: Double(3 + i * 7), loaded: i % 3 != 0))
}
let bodies = [
    "Here is the idea in **two** steps:\n\n1. Take the *derivative* of each term.\n2. Add them up, so `d/dx x^3 = 3x^2`.\n\n> The power rule does the rest.",
    "```swift\nfunc fib(_ n: Int) -> Int {\n    n < 2 ? n : fib(n - 1) + fib(n - 2)\n}\nprint((0..<20).map(fib))\n```\nThat prints the first twenty Fibonacci numbers.",
    "もちろんです。これは全角文字の説明で、行の折り返しが表示幅で正しく行われます。😀 Ensuite, un peu de français.",
    "# Summary\nA router predicts, per prompt, how well each member of the herd will answer, then takes the best one at the chosen cost.",
]
var conversation = Conversation(title: "benchmark")
for i in 0..<messageCount {
    let user = i % 2 == 0
    conversation.messages.append(Message(role: user ? .user : .assistant,
                                          text: user ? "question \(i): how does this work, and why?" : bodies[(i / 2) % bodies.count],
                                          member: user ? nil : names[i % names.count]))
}

var state = AppState(members: members, lambda: 0.3, cols: cols, rows: rows)
state.now = 0
_ = App.update(&state, .loaded(conversation))
_ = App.update(&state, .key(.paste("Write a long story, please.")))
let effects = App.update(&state, .key(.enter))
guard case let .route(id, _, _, _, _, _, _)? = effects.first(where: { if case .route = $0 { return true }; return false }) else {
    fatalError("sending produced no route effect")
}
let decision = Decision(scores: names.enumerated().map { i, n in
    .init(member: n, confidence: 0.3 + Double(i) * 0.05, utility: 0.2 + Double(i) * 0.03, cost: Double(i) / 10)
}, chosen: names[9], routerChoice: names[9], runnerUp: names[8], lambda: 0.3, mode: .auto,
   reason: "story, long", micros: 120, routerVersion: "bench")
_ = App.update(&state, .decided(id: id, decision))

var buffer = ScreenBuffer(width: cols, height: rows)
// The terminal session renders with a ViewCache: the frame and the router panel are redrawn only when they change.
let cache = ViewCache()
var cachedFrames: [Double] = []
var capped: [Double] = []
var everyToken: [Double] = []
var updates: [Double] = []
var lastFrame = -1.0
var expected = ""
let wall = now()
for t in 0..<tokenCount {
    let token = (t % 12 == 11 ? "\n" : " ") + "w\(t)"
    expected += token
    let at = Double(t) / 1000.0
    let u0 = now()
    _ = App.update(&state, .token(id: id, text: token, at: at))
    updates.append(now() - u0)
    let r0 = now()
    ScreenView.render(state, into: &buffer)
    let dt = now() - r0
    everyToken.append(dt)
    let c0 = now()
    _ = ScreenView.render(state, cache: cache)
    cachedFrames.append(now() - c0)
    if at - lastFrame >= 1.0 / 60.0 {
        capped.append(dt)
        lastFrame = at
    }
}
let elapsed = now() - wall
_ = App.update(&state, .streamEnded(id: id, StreamSummary(finishReason: "stop", completionTokens: tokenCount, generationSeconds: Double(tokenCount) / 1000), at: Double(tokenCount) / 1000))
let reply = state.conversation.messages.last
let intact = reply?.text == expected && reply?.status == .complete

print("herd-tui-bench: \(messageCount) messages on screen at \(cols)×\(rows), a \(tokenCount)-token reply at 1,000 tok/s (simulated)")
print(String(format: "  frame render (60 fps cap, %d frames): p50 %.3f ms, p99 %.3f ms, max %.3f ms",
             capped.count, percentile(capped, 0.5) * 1e3, percentile(capped, 0.99) * 1e3, capped.max()! * 1e3))
print(String(format: "  frame render (one per token, %d frames): p50 %.3f ms, p99 %.3f ms", everyToken.count,
             percentile(everyToken, 0.5) * 1e3, percentile(everyToken, 0.99) * 1e3))
print(String(format: "  frame render as the TUI draws it (a new buffer on the cached frame and panel; %d frames, %d backgrounds drawn): p50 %.3f ms, p99 %.3f ms",
             cachedFrames.count, cache.draws, percentile(cachedFrames, 0.5) * 1e3, percentile(cachedFrames, 0.99) * 1e3))
print(String(format: "  App.update per token: p50 %.1f µs, p99 %.1f µs", percentile(updates, 0.5) * 1e6, percentile(updates, 0.99) * 1e6))
print(String(format: "  all %d tokens updated and rendered in %.2f s of CPU time: %.0f tok/s sustainable", tokenCount, elapsed, Double(tokenCount) / elapsed))
print("  tokens dropped: \(intact ? "none (reply text identical to what was sent)" : "YES: the reply differs from what was streamed")")
if !intact { exit(1) }
