// herd-store-probe: a child process for HerdStore's crash tests, and HerdStore's benchmark.
//
//   herd-store-probe stream DB COUNT INTERVAL_MS   stream COUNT tokens "t0 t1 …" into a new conversation,
//       one every INTERVAL_MS, through StreamingMessageWriter; prints "shown I NANOS" when token I is shown
//       (NANOS: CLOCK_MONOTONIC, comparable across processes) and "saved LENGTH" after each write.
//   herd-store-probe bench DIR                      prints timings of the store's hot paths.
//   herd-store-probe seed DB MESSAGES [CONVS]       writes MESSAGES messages over CONVS conversations (default 1), for the TUI's RSS figure.
import Foundation
import HerdCore
import HerdStore

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: herd-store-probe stream DB COUNT INTERVAL_MS | bench DIR | seed DB MESSAGES [CONVS]\n".utf8))
    exit(2)
}
do {
    switch args[1] {
    case "stream" where args.count == 5:
        guard let count = Int(args[3]), let interval = Int(args[4]) else { throw ProbeUsage() }
        try await StreamProbe.run(db: args[2], count: count, intervalMS: interval)
    case "bench" where args.count == 3:
        try StoreBench.run(dir: args[2])
    case "seed" where args.count == 4 || args.count == 5:
        guard let n = Int(args[3]), let c = Int(args.count == 5 ? args[4] : "1") else { throw ProbeUsage() }
        try HistorySeed.run(db: args[2], messages: n, conversations: c)
    default:
        throw ProbeUsage()
    }
} catch is ProbeUsage {
    FileHandle.standardError.write(Data("usage: herd-store-probe stream DB COUNT INTERVAL_MS | bench DIR | seed DB MESSAGES [CONVS]\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("herd-store-probe: \(error)\n".utf8))
    exit(1)
}
