/// A strict, allocation-light reader of one JSON text (RFC 8259), for the hot path of a stream:
/// it reads the fields a caller asks for and skips (while still validating) everything else.
///
/// Why: Foundation's `JSONDecoder` costs more per streamed token than the rest of the event's way
/// to the screen (profiled: 12 % of the TUI's CPU on a 1,000 tokens/s stream). Every method
/// returns `nil` for anything it does not read exactly as `JSONDecoder` would (bad syntax, a lone
/// surrogate, a type it was not asked for), so the caller falls back to `JSONDecoder`, whose
/// result and errors stay the reference.
struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0
    private var depth = 0
    /// Deeper nesting is left to `JSONDecoder`.
    private static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// `null` is next (and is consumed).
    mutating func null() -> Bool {
        guard peek() == 0x6E else { return false }
        return literal("null")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where bytes[index + k] != w[k] { return false }
        index += n
        return true
    }

    /// Reads an object, calling `field` with each key; `field` reads the value (or returns `false`).
    /// `false` when the object is malformed, `field` failed, a key comes twice (which reading wins is
    /// `JSONDecoder`'s business), a key is escaped (`\u0063hoices` is `choices` to `JSONDecoder`,
    /// and keys are compared as written), or the object has more than `maxKeys` members.
    ///
    /// The keys are the input's own bytes, compared in place: a streamed token's chunk has a dozen
    /// keys, and making each a `String`, with an array to find duplicates in, was most of its
    /// allocations (issue 14).
    mutating func object(_ field: (inout JSONScanner, JSONKey) -> Bool) -> Bool {
        guard peek() == 0x7B, depth < Self.maxDepth else { return false }
        index += 1
        depth += 1
        defer { depth -= 1 }
        if peek() == 0x7D { index += 1; return true }
        return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: Self.maxKeys) { seen in
            var count = 0
            while true {
                guard let key = plainString(), count < Self.maxKeys else { return false }
                for k in 0..<count where bytes[seen[k]].elementsEqual(bytes[key]) { return false }
                seen[count] = key
                count += 1
                guard peek() == 0x3A else { return false }
                index += 1
                guard field(&self, JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[key]))) else { return false }
                switch peek() {
                case 0x2C: index += 1
                case 0x7D: index += 1; return true
                default: return false
                }
            }
        }
    }

    /// Members an object may have here; wider ones are left to `JSONDecoder`.
    static let maxKeys = 32

    /// Where the bytes of the string that comes next lie, when it has no escapes and no raw control
    /// character (it is then consumed with its quotes); `nil` otherwise, having consumed nothing but
    /// the white space before it.
    private mutating func plainString() -> Range<Int>? {
        guard peek() == 0x22 else { return nil }
        let start = index + 1
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                index = i + 1
                return start..<i
            }
            if b == 0x5C || b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// Reads an array, calling `element` for each element (which reads it, or returns `false`).
    mutating func array(_ element: (inout JSONScanner) -> Bool) -> Bool {
        guard peek() == 0x5B, depth < Self.maxDepth else { return false }
        index += 1
        depth += 1
        defer { depth -= 1 }
        if peek() == 0x5D { index += 1; return true }
        while true {
            guard element(&self) else { return false }
            switch peek() {
            case 0x2C: index += 1
            case 0x5D: index += 1; return true
            default: return false
            }
        }
    }

    /// Skips one value of any type, checking its syntax.
    mutating func skip() -> Bool {
        switch peek() {
        case 0x7B: return object { s, _ in s.skip() }
        case 0x5B: return array { $0.skip() }
        case 0x22: return skipString()
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        default: return numberText() != nil
        }
    }

    /// Skips a string value, checking it as `string()` does, without making it (escapes are checked
    /// the long way).
    private mutating func skipString() -> Bool {
        plainString() != nil || string() != nil
    }

    /// A string value, unescaped. `nil` for anything `JSONDecoder` would not read as the same string
    /// (a raw control character, a bad escape, a lone surrogate).
    mutating func string() -> String? {
        guard peek() == 0x22 else { return nil }
        index += 1
        let start = index
        // Most strings have no escapes: one copy of their bytes.
        while index < bytes.count {
            let b = bytes[index]
            if b == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == 0x5C { break }
            if b < 0x20 { return nil }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            switch b {
            case 0x22:
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard index < bytes.count else { return nil }
                let e = bytes[index]
                index += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard let hi = hex4() else { return nil }
                    var scalar = UInt32(hi)
                    if (0xD800...0xDBFF).contains(hi) {
                        guard literal("\\u"), let lo = hex4(), (0xDC00...0xDFFF).contains(lo) else { return nil }
                        scalar = 0x10000 + (UInt32(hi - 0xD800) << 10) + UInt32(lo - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(hi) {
                        return nil
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: UTF8.encode(u)!)
                default:
                    return nil
                }
            default:
                if b < 0x20 { return nil }
                out.append(b)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard let d = HexDigit.value(bytes[index]) else { return nil }
            v = v << 4 | UInt16(d)
            index += 1
        }
        return v
    }

    /// The text of a number in JSON's grammar, and whether it is an integer (no fraction, no exponent).
    private mutating func numberText() -> (text: String, integer: Bool)? {
        _ = peek()
        let start = index
        func digits() -> Int {
            let s = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - s
        }
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == 0x30 {
            index += 1
        } else if digits() == 0 {
            return nil
        }
        var integer = true
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            integer = false
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            integer = false
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digits() > 0 else { return nil }
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self), integer)
    }

    /// A number that fits an `Int`, written without fraction or exponent; `nil` otherwise.
    mutating func int() -> Int? {
        guard let n = numberText(), n.integer else { return nil }
        return Int(n.text)
    }

    /// A finite number; `nil` otherwise.
    mutating func double() -> Double? {
        guard let n = numberText(), let d = Double(n.text), d.isFinite else { return nil }
        return d
    }
}

/// An object's key as its bytes in the input (without escapes), compared with key names in place.
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>

    static func == (key: JSONKey, name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard key.bytes.count == n else { return false }
        let w = name.utf8Start
        for k in 0..<n where key.bytes[k] != w[k] { return false }
        return true
    }

    /// `case "choices":` in a `switch` over a key.
    static func ~= (name: StaticString, key: JSONKey) -> Bool { key == name }
}
