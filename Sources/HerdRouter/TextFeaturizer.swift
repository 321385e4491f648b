import Foundation

/// Turns a prompt into hashed sparse term frequencies: word 1–2-grams, character n-grams over the
/// lower-cased, whitespace-collapsed text, and structure markers (length, lines, code fences, math,
/// lettered options, digits).
///
/// Works on UTF-8 bytes and hashes n-grams in place, because a decision must take well under a
/// millisecond and building a `String` per n-gram would dominate that.
public struct TextFeaturizer: Sendable, Hashable, Codable {
    /// Feature space size is `1 << dimensionBits`.
    public var dimensionBits: Int
    public var charMin: Int
    public var charMax: Int
    public var wordMaxN: Int
    /// Relative weights of the three feature groups (applied to 1 + ln tf).
    public var wordWeight: Float
    public var charWeight: Float
    public var structureWeight: Float
    /// Text beyond this many bytes is ignored (bounds decision time for pasted documents).
    public var maxBytes: Int

    public init(dimensionBits: Int = 18, charMin: Int = 3, charMax: Int = 5, wordMaxN: Int = 2,
                wordWeight: Float = 1, charWeight: Float = 1, structureWeight: Float = 1, maxBytes: Int = 16_384) {
        self.dimensionBits = dimensionBits
        self.charMin = charMin
        self.charMax = charMax
        self.wordMaxN = wordMaxN
        self.wordWeight = wordWeight
        self.charWeight = charWeight
        self.structureWeight = structureWeight
        self.maxBytes = maxBytes
    }

    public var dimension: Int { 1 << dimensionBits }

    enum Group: UInt64 { case word = 0, char = 1, structure = 2 }

    /// Log-scaled, group-weighted term frequencies, indices sorted (not IDF-weighted, not normalised).
    public func termFrequencies(_ text: String) -> SparseVector {
        analyze(text, wantOrigins: false).vector
    }

    /// Readable names of the features a text sets, by index (for the decision's reason): words as
    /// they are, character n-grams in ‹›, structure markers as `name=value`.
    public func featureNames(_ text: String, wanted: Set<Int32>? = nil) -> [Int32: String] {
        let a = analyze(text, wantOrigins: true)
        var names: [Int32: String] = [:]
        for (k, index) in a.vector.indices.enumerated() where wanted?.contains(index) ?? true {
            names[index] = a.name(at: k)
        }
        return names
    }

    /// A featurised text; keeps where each feature first occurred so that naming one costs nothing.
    public struct Analysis: Sendable {
        public var vector: SparseVector
        /// Per vector entry: group << 34 | length << 24 | start, in `bytes` (or an index into `structureNames`).
        var origins: [UInt64]
        var bytes: [UInt8]
        var structureNames: [String]

        /// The readable name of the `k`-th entry of `vector`.
        public func name(at k: Int) -> String? {
            guard k < origins.count else { return nil }
            let o = origins[k]
            let start = Int(o & 0xFF_FFFF), len = Int((o >> 24) & 0x3FF)
            switch o >> 34 {
            case Group.structure.rawValue: return start < structureNames.count ? structureNames[start] : nil
            case Group.char.rawValue: return "‹" + String(decoding: bytes[start..<min(start + len, bytes.count)], as: UTF8.self) + "›"
            default: return String(decoding: bytes[start..<min(start + len, bytes.count)], as: UTF8.self)
            }
        }
    }

    /// Featurises `text`. Keys are packed as index << 36 | origin so that one sort both groups
    /// equal features and keeps each one's first occurrence at the front of its run.
    public func analyze(_ text: String, wantOrigins: Bool) -> Analysis {
        let mask = UInt64(dimension - 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, maxBytes) + 2)
        bytes.append(0x20)
        var lines = 1, digits = 0, nonASCII = false, dollar = false, caret = false, backslash = false, equals = false, question = false
        var lastWasSpace = true
        var count = 0
        for b in text.utf8 {
            count += 1
            if count > maxBytes { break }
            switch b {
            case 0x0A: lines += 1
            case 0x30...0x39: digits += 1
            case 0x24: dollar = true
            case 0x5E: caret = true
            case 0x5C: backslash = true
            case 0x3D: equals = true
            case 0x3F: question = true
            case 0x80...: nonASCII = true
            default: break
            }
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                if !lastWasSpace { bytes.append(0x20) }
                lastWasSpace = true
            } else {
                bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                lastWasSpace = false
            }
        }
        if !lastWasSpace { bytes.append(0x20) }
        let n = bytes.count
        var keys: [UInt64] = []
        keys.reserveCapacity(n * max(charMax - charMin + 1, 0) + n / 2 + 16)
        @inline(__always) func key(_ h: UInt64, _ group: Group, _ start: Int, _ len: Int) -> UInt64 {
            (Self.mix(h) & mask) << 36 | group.rawValue << 34 | UInt64(min(len, 0x3FF)) << 24 | UInt64(min(start, 0xFF_FFFF))
        }
        bytes.withUnsafeBufferPointer { buf in
            // Character n-grams, every length from one running hash per start position.
            if charMax >= charMin && charMin > 0 {
                for start in 0..<n {
                    var h: UInt64 = 0xCBF2_9CE4_8422_2325
                    let top = min(charMax, n - start)
                    if top < charMin { break }
                    for k in 0..<top {
                        h = (h ^ UInt64(buf[start + k])) &* 0x0000_0100_0000_01B3
                        if k + 1 >= charMin { keys.append(key(h ^ UInt64(k + 1) &* 0x9E37_79B9, .char, start, k + 1)) }
                    }
                }
            }
            // Words and word bigrams.
            var prevHash: UInt64 = 0, prevStart = -1
            var i = 0
            while i < n {
                guard Self.isWordByte(buf[i]) else { i += 1; continue }
                var j = i
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                while j < n && Self.isWordByte(buf[j]) {
                    h = (h ^ UInt64(buf[j])) &* 0x0000_0100_0000_01B3
                    j += 1
                }
                keys.append(key(h ^ 0x5757, .word, i, j - i))
                if wordMaxN >= 2 && prevStart >= 0 {
                    keys.append(key(prevHash &* 31 ^ h ^ 0xB16B_00B5, .word, prevStart, j - prevStart))
                }
                prevHash = h
                prevStart = i
                i = j
            }
        }
        var structureNames: [String] = []
        func structure(_ name: String) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ 0x5354_5255
            for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            keys.append(key(h, .structure, structureNames.count, 0))
            structureNames.append(name)
        }
        let chars = min(count, maxBytes)
        structure("len=\(Self.log2Bucket(chars))")
        structure("lines=\(Self.log2Bucket(lines))")
        structure("options=\(min(Self.countOptionLines(text, limit: maxBytes), 12))")
        let digitShare = chars > 0 ? Double(digits) / Double(chars) : 0
        structure("digits=\(digitShare == 0 ? 0 : digitShare < 0.05 ? 1 : digitShare < 0.15 ? 2 : digitShare < 0.3 ? 3 : 4)")
        if text.contains("```") { structure("code-fence") }
        if dollar || caret || backslash { structure("math") }
        if equals { structure("equals") }
        if question { structure("question") }
        if nonASCII { structure("non-ascii") }

        Self.radixSortByIndex(&keys, bits: dimensionBits)
        var indices: [Int32] = [], values: [Float] = [], origins: [UInt64] = []
        indices.reserveCapacity(keys.count / 2)
        values.reserveCapacity(keys.count / 2)
        let weights: [Float] = [wordWeight, charWeight, structureWeight, 0]
        var i = 0
        while i < keys.count {
            let index = keys[i] >> 36
            if wantOrigins { origins.append(keys[i] & 0xF_FFFF_FFFF) }
            var tf: Float = 0
            var weight: Float = 0
            while i < keys.count && keys[i] >> 36 == index {
                tf += 1
                weight = max(weight, weights[Int((keys[i] >> 34) & 3)])
                i += 1
            }
            indices.append(Int32(index))
            values.append(weight * (1 + logf(tf)))
        }
        return Analysis(vector: SparseVector(indices: indices, values: values), origins: origins, bytes: bytes,
                        structureNames: structureNames)
    }

    /// Stable LSD radix sort on the feature index (the bits above 36); far cheaper than a
    /// comparison sort for the few thousand keys of a prompt, which matters for decision time.
    static func radixSortByIndex(_ keys: inout [UInt64], bits: Int) {
        let n = keys.count
        guard n > 64 else { keys.sort { $0 >> 36 < $1 >> 36 }; return }
        var tmp = [UInt64](repeating: 0, count: n)
        let digit = 11, buckets = 1 << digit
        var counts = [Int](repeating: 0, count: buckets)
        var shift = 36
        while shift < 36 + bits {
            for i in 0..<buckets { counts[i] = 0 }
            let m = UInt64(buckets - 1)
            keys.withUnsafeBufferPointer { kp in
                tmp.withUnsafeMutableBufferPointer { tp in
                    counts.withUnsafeMutableBufferPointer { cp in
                        for i in 0..<n { cp[Int((kp[i] >> UInt64(shift)) & m)] += 1 }
                        var sum = 0
                        for b in 0..<buckets { let c = cp[b]; cp[b] = sum; sum += c }
                        for i in 0..<n {
                            let b = Int((kp[i] >> UInt64(shift)) & m)
                            tp[cp[b]] = kp[i]
                            cp[b] += 1
                        }
                    }
                }
            }
            swap(&keys, &tmp)
            shift += digit
        }
    }

    private static func countOptionLines(_ text: String, limit: Int) -> Int {
        var count = 0
        var state = 0 // 0 at line start, 1 saw an option letter, 2 elsewhere
        var seen = 0
        for b in text.utf8 {
            seen += 1
            if seen > limit { break }
            if b == 0x0A { state = 0; continue }
            switch state {
            case 0: state = (b >= 0x41 && b <= 0x5A) ? 1 : (b == 0x20 ? 0 : 2)
            case 1:
                if b == 0x2E || b == 0x29 { count += 1 }
                state = 2
            default: break
            }
        }
        return count
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func log2Bucket(_ n: Int) -> Int {
        var b = 0, v = max(n, 0)
        while v > 0 { b += 1; v >>= 1 }
        return b
    }
}
