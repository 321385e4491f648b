import Foundation
@testable import HerdRouter

/// Small synthetic routing sets for tests.
enum SyntheticData {
    static let filler = ["the", "a", "please", "about", "some", "with", "explain", "short", "long", "write", "make", "quick",
                         "my", "friend", "today", "good", "help", "me", "now", "list", "idea", "simple", "nice", "new"]

    /// `coder` answers prompts that mention "python" well and others badly; `poet` the reverse.
    /// Both are otherwise the same words.
    static func wordRouted(count: Int = 160, seed: UInt64 = 7) -> [RoutingExample] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            var words = (0..<6).map { _ in filler[Int(rng.next() % UInt64(filler.count))] }
            let isCode = i % 2 == 0
            words.insert(isCode ? "python" : "sonnet", at: Int(rng.next() % 7))
            return RoutingExample(id: "s\(i)", prompt: words.joined(separator: " "),
                                  scores: ["coder": isCode ? 1 : 0, "poet": isCode ? 0 : 1])
        }
    }

    static let members = [RouterMember(name: "coder", sizeB: 8), RouterMember(name: "poet", sizeB: 8)]

    static var smallConfig: RouterTrainer.Config {
        var c = RouterTrainer.Config()
        c.featurizer.dimensionBits = 14
        c.latent.rank = 4
        c.latent.epochs = 8
        c.latent.learningRate = 0.1
        c.folds = 2
        c.sparseK = 10
        return c
    }
}
