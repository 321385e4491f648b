// herd-store-probe: HerdStore's benchmark and history seeding (the kill -9 test runs the TUI itself:
// HerdIntegrationTests/TUIKillTests).
//
//   herd-store-probe bench DIR                      prints timings of the store's hot paths.
//   herd-store-probe seed DB MESSAGES [CONVS]       writes MESSAGES messages over CONVS conversations (default 1), for the TUI's RSS figure.
import Foundation
import HerdCore
import HerdStore

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: herd-store-probe bench DIR | seed DB MESSAGES [CONVS]\n".utf8))
    exit(2)
}
do {
    switch args[1] {
    case "bench" where args.count == 3:
        try StoreBench.run(dir: args[2])
    case "seed" where args.count == 4 || args.count == 5:
        guard let n = Int(args[3]), let c = Int(args.count == 5 ? args[4] : "1") else { throw ProbeUsage() }
        try HistorySeed.run(db: args[2], messages: n, conversations: c)
    default:
        throw ProbeUsage()
    }
} catch is ProbeUsage {
    FileHandle.standardError.write(Data("usage: herd-store-probe bench DIR | seed DB MESSAGES [CONVS]\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("herd-store-probe: \(error)\n".utf8))
    exit(1)
}
