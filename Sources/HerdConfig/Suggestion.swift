/// "Did you mean …?": the known word closest to a misspelt one.
public enum Suggestion {
    /// The candidate within a small edit distance of `word` (case-insensitive, `-` and `_` alike), if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = fold(word)
        var best: (word: String, distance: Int, prefix: Int)?
        // Sorted, and ties go to the longer common prefix, so the answer never depends on a Set's order.
        for c in candidates.sorted() {
            let folded = fold(c)
            let d = distance(w, folded)
            // About one typo per three letters of the longer word, at least one.
            let limit = max(1, max(w.count, c.count) / 3)
            guard d <= limit else { continue }
            let prefix = zip(w, folded).prefix { $0 == $1 }.count
            if best == nil || d < best!.distance || (d == best!.distance && prefix > best!.prefix) {
                best = (c, d, prefix)
            }
        }
        return best?.word
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
