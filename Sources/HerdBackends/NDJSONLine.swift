import Foundation

/// One line of a newline-delimited JSON stream, with its 1-based line number for error messages.
public struct NDJSONLine: Sendable, Hashable {
    public var number: Int
    /// The line as text (invalid UTF-8 replaced with U+FFFD), without its line break.
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }

    /// Decodes the line as `T`; a malformed line throws an error naming the line and its text.
    public func decode<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder()) throws(StreamParseError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StreamParseError(.ndjson, line: number, text: String(text.prefix(120)), reason: NDJSONLine.explain(error))
        }
    }

    static func explain(_ error: Error) -> String {
        switch error {
        case let DecodingError.dataCorrupted(c): return "not valid JSON (\(c.debugDescription))"
        case let DecodingError.keyNotFound(k, _): return "missing key \"\(k.stringValue)\""
        case let DecodingError.typeMismatch(_, c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at \"\(path)\" (\(c.debugDescription))"
        case let DecodingError.valueNotFound(_, c):
            return "null at \"\(c.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: return "\(error)"
        }
    }
}
