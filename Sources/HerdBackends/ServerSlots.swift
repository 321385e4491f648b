import AsyncHTTPClient
import Foundation
import HerdCore
import NIOCore

/// How many requests a server runs at once for a model: llama-server says so on `/props`
/// (`total_slots`; per model with `?model=` when it serves several); other servers do not, and get
/// `unknownCap`.
public enum ServerSlots {
    /// Parallel requests per server and model when the server does not report its slots: Ollama's
    /// and LM Studio's defaults run one to four; two keeps a comparison concurrent without queueing more.
    public static let unknownCap = 2

    /// The slots `endpoint` reports for `model`, else `unknownCap`. Never throws: a server that does
    /// not answer gets the cap, and its stream reports the real problem.
    public static func probe(_ endpoint: ServerEndpoint, model: String, client: HTTPClient = .herd, timeout: Double = 1.5) async -> Int {
        let http = HTTPTransport(endpoint: endpoint, client: client, streamTimeout: timeout)
        let escaped = model.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? model
        for path in ["/props?model=\(escaped)", "/props"] {
            guard let (status, body) = try? await http.send(path, timeout: timeout), (200..<300).contains(status) else { continue }
            if let n = slots(in: Data(body.readableBytesView)) { return n }
        }
        return unknownCap
    }

    /// `total_slots` from a `/props` reply, when it is a positive number.
    public static func slots(in body: Data) -> Int? {
        guard let obj = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let n = obj["total_slots"] as? Int, n > 0 else { return nil }
        return n
    }
}
