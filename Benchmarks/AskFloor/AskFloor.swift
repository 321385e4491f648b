import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// The floor under `herd ask`'s start and stream (issue 14): what curl does in the benchmark (send the
/// request, copy the event stream to stdout as it comes), done with the two libraries Herd must use,
/// ArgumentParser and AsyncHTTPClient, and nothing of Herd's: no config, no remembered servers, no
/// routing, no decoding. `scripts/bench-stream --floor` runs it beside curl and `herd ask`; what it
/// costs over curl is what these libraries cost, and what `herd ask` costs over it is Herd's own.
@main
struct AskFloor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "herd-ask-floor",
                                                    abstract: "Stream one chat completion to stdout (a benchmark's floor).")

    @Argument(help: "The prompt.")
    var prompt: String

    @Option(name: .shortAndLong, help: "The model id.")
    var model: String

    @Option(help: "The server's base URL (OpenAI-compatible).")
    var server: String

    func run() async throws {
        var config = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: nil), decompression: .disabled)
        config.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
        var request = HTTPClientRequest(url: server + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body: [String: Any] = ["model": model, "messages": [["role": "user", "content": prompt]], "stream": true,
                                   "stream_options": ["include_usage": true]]
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await client.execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw ValidationError("the server answered \(response.status)") }
        for try await part in response.body {
            try FileHandle.standardOutput.write(contentsOf: Data(part.readableBytesView))
        }
        // As herd does: the process ends here rather than on the main queue (see `Herd.runAndExit`).
        Foundation.exit(0)
    }
}
