// herd-router-bench: the router's figures from a release build of the router alone (HerdRouter,
// no networking stack), so experiments do not wait for a full `herd` release build. Figures, not
// assertions; the same library calls as `herd router train|eval`.
//
//   herd-router-bench load ROUTER                       load time (best and median of 7), memory
//   herd-router-bench run DATA SPLIT MEMBERS ON [options]   train on "train", evaluate on ON
//       options: --seed N --ensemble N --rank N --hash-bits N --learning-rate X --epochs N --float16 --fallback-on SPLIT
//                --no-ability --ability-rate X --ability-epochs N --folds N --mix W --mix-refs W (experiments: fixed-weight mixes with the references)
//                --reference MODEL --baselines --out FILE
//   prints one JSON line: training seconds (wall, CPU), file bytes, router and reference figures.
import Foundation
import HerdRouter

func cpuSeconds() -> Double {
    var ru = rusage()
    getrusage(RUSAGE_SELF.rawValue, &ru)
    return Double(ru.ru_utime.tv_sec) + Double(ru.ru_utime.tv_usec) / 1e6 + Double(ru.ru_stime.tv_sec) + Double(ru.ru_stime.tv_usec) / 1e6
}

/// CPU time of the calling thread, in seconds.
func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Resident and peak resident set size (kB) from /proc/self/status.
func memory() -> (rss: Int, peak: Int) {
    let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        s.split(separator: "\n").first { $0.hasPrefix(name) }.flatMap { Int($0.split(separator: " ").dropFirst().first { !$0.isEmpty }!.filter(\.isNumber)) } ?? 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func fail(_ s: String) -> Never {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    exit(2)
}

func rows(_ all: [RoutingExample], _ split: [String: String], _ on: String) -> [RoutingExample] {
    on.split(separator: "+").flatMap { RoutingDataset.select(all, split: split, name: String($0)) }
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail("usage: herd-router-bench load ROUTER | run DATA SPLIT MEMBERS ON [options]") }
args.removeFirst()
do {
    switch command {
    case "load":
        guard let path = args.first else { fail("load ROUTER") }
        let before = memory()
        var wall: [Double] = [], cpu: [Double] = []
        var model: RouterModel? = nil
        var afterFirst = before
        for i in 0..<7 {
            let t0 = Date(), c0 = threadCPU()
            let m = try RouterModel.load(from: path)
            cpu.append((threadCPU() - c0) * 1000)
            wall.append(Date().timeIntervalSince(t0) * 1000)
            if i == 0 { model = m; afterFirst = memory() }
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        wall.sort(); cpu.sort()
        print(String(format: "load %@: %.1f MB file; CPU best %.1f ms, median %.1f ms; wall best %.1f ms, median %.1f ms (load average %@); arrays %.1f MB; first load: RSS +%.1f MB, peak +%.1f MB",
                     path, Double(bytes) / 1e6, cpu[0], cpu[3], wall[0], wall[3],
                     (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?",
                     Double(model!.arrayBytes) / 1e6, Double(afterFirst.rss - before.rss) / 1024, Double(afterFirst.peak - before.peak) / 1024))
    case "run":
        guard args.count >= 4 else { fail("run DATA SPLIT MEMBERS ON [options]") }
        let (data, splitPath, memberText, on) = (args[0], args[1], args[2], args[3])
        var options: [String: String] = [:]
        var i = 4
        while i < args.count {
            let a = args[i]
            if ["--float16", "--baselines", "--no-ability"].contains(a) { options[a] = "1"; i += 1 } else if i + 1 < args.count { options[a] = args[i + 1]; i += 2 } else { fail("\(a) wants a value") }
        }
        let members = try RouterMember.parseList(memberText)
        let all = try RoutingDataset.load(path: data)
        try RoutingDataset.checkIDs(all)
        let split = try RoutingDataset.loadSplit(path: splitPath)
        let train = rows(all, split, "train"), test = rows(all, split, on)
        var config = RouterTrainer.Config()
        if let s = options["--seed"].flatMap(UInt64.init) { config.latent.seed = s }
        if let e = options["--ensemble"].flatMap(Int.init) { config.ensemble = e }
        if let r = options["--rank"].flatMap(Int.init) { config.latent.rank = r }
        if let h = options["--hash-bits"].flatMap(Int.init) { config.featurizer.dimensionBits = h }
        if let l = options["--learning-rate"].flatMap(Float.init) { config.latent.learningRate = l }
        if let e = options["--epochs"].flatMap(Int.init) { config.latent.epochs = e }
        if options["--no-ability"] != nil { config.ability = nil }
        if let v = options["--ability-rate"].flatMap(Float.init) { config.ability?.learningRate = v }
        if let v = options["--ability-epochs"].flatMap(Int.init) { config.ability?.epochs = v }
        if let v = options["--folds"].flatMap(Int.init) { config.folds = v }
        let c0 = cpuSeconds(), t0 = Date()
        var model = try RouterTrainer.train(examples: train, members: members, config: config)
        let trainWall = Date().timeIntervalSince(t0), trainCPU = cpuSeconds() - c0
        if let f = options["--fallback-on"] { model.fallbacks = try RouterTrainer.fitFallbacks(model: model, rows: rows(all, split, f), fittedOn: f) }
        model.floatStorage = options["--float16"] != nil ? .float16 : .float32
        let out = options["--out"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("herd-router-bench-\(getpid()).router").path
        try model.save(to: out)
        let bytes = (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        let router = Router(model: try RouterModel.load(from: out))
        if options["--out"] == nil { try? FileManager.default.removeItem(atPath: out) }
        let reference = options["--reference"]
        let ev = try RouterEvaluator.evaluate(router: router, rows: test, members: members, reference: reference)
        func summary(_ e: RouterEvaluation) -> [String: Any] {
            ["accuracy": e.accuracy, "cost": e.effectiveSize, "accuracyAtBudget": e.accuracyAtBudget ?? NSNull(), "aiq": e.aiq,
             "reach": e.sizeAtBestSingleAccuracy ?? NSNull(), "rescue": e.rescueRate ?? NSNull()]
        }
        var result: [String: Any] = [
            "on": on, "rows": ev.rows, "excluded": ev.excludedRows, "trainWall": trainWall, "trainCPU": trainCPU, "fileBytes": bytes,
            "bestSingle": [ev.bestSingle.member, ev.bestSingle.accuracy, ev.bestSingle.sizeB], "reference": ev.referenceAccuracy ?? NSNull(),
            "membersAIQ": ev.membersAIQ, "budget": ev.budget, "herd": summary(ev), "fallbacks": model.fallbacks.map(\.reason),
            "options": options,
        ]
        if options["--baselines"] != nil {
            let table = try EvaluationTable(rows: test, members: members, reference: reference)
            var refs: [[[Double]]] = []
            defer {
                if options["--mix-refs"] != nil, refs.count == 2 {
                    let w = Double(options["--mix-refs"]!) ?? 0.5
                    let mixed = zip(refs[0], refs[1]).map { a, b in zip(a, b).map { w * $0 + (1 - w) * $1 } }
                    result["mix-refs"] = summary(RouterEvaluator.evaluate(table: table, probabilities: mixed, version: "mix"))
                }
            }
            for kind in ReferenceRouter.allCases {
                let p = kind.probabilities(train: train, models: members.map(\.name), test: table.rows.map(\.prompt))
                refs.append(p)
                result[kind.rawValue] = summary(RouterEvaluator.evaluate(table: table, probabilities: p, version: kind.rawValue))
                if options["--mix"] != nil {
                    let h = RouterEvaluator.confidences(router: router, table: table)
                    let w = Double(options["--mix"]!) ?? 0.5
                    let mixed = zip(h, p).map { a, b in zip(a, b).map { w * $0 + (1 - w) * $1 } }
                    result["mix-" + kind.rawValue] = summary(RouterEvaluator.evaluate(table: table, probabilities: mixed, version: "mix"))
                }
            }
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    default:
        fail("unknown command \(command)")
    }
} catch {
    fail("\(error)")
}
