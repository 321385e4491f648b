/// "Did you mean …?": the known word closest to a misspelt one.
public enum Suggestion {
    /// The candidate within a small edit distance of `word` (case-insensitive, `-` and `_` alike), if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = fold(word)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, fold(c))
            // About one typo per three letters of the longer word, at least one.
            let limit = max(1, max(w.count, c.count) / 3)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func fold(_ s: String) -> [Character] {
        Array(s.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Levenshtein distance with transpositions counted as one edit (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
