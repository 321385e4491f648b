import Foundation

/// Repairs for JSON that servers send when a model emits broken text.
enum JSONRepair {
    /// Replaces `\uD800`–`\uDFFF` escapes that are not part of a valid surrogate pair with `\uFFFD`,
    /// which Foundation's decoder otherwise rejects (a model can stream half of an emoji).
    static func replacingLoneSurrogates(_ text: String) -> String {
        guard text.contains("\\u") else { return text }
        let u = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        func hex4(_ i: Int) -> UInt16? {
            guard i + 6 <= u.count, u[i] == 0x5C, u[i + 1] == 0x75 else { return nil }
            var v: UInt16 = 0
            for k in 2..<6 {
                guard let d = HexDigit.value(u[i + k]) else { return nil }
                v = v << 4 | UInt16(d)
            }
            return v
        }
        let replacement = Array("\\uFFFD".utf8)
        var i = 0
        var escaped = false
        while i < u.count {
            if !escaped, u[i] == 0x5C, let v = hex4(i) {
                if (0xD800...0xDBFF).contains(v), let low = hex4(i + 6), (0xDC00...0xDFFF).contains(low) {
                    out.append(contentsOf: u[i..<(i + 12)])
                    i += 12
                } else if (0xD800...0xDFFF).contains(v) {
                    out.append(contentsOf: replacement)
                    i += 6
                } else {
                    out.append(contentsOf: u[i..<(i + 6)])
                    i += 6
                }
                continue
            }
            escaped = !escaped && u[i] == 0x5C
            out.append(u[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
