import ArgumentParser
import Foundation
import HerdSession
import HerdBackends
import HerdConfig
import HerdCore

/// `herd config init`: probes for servers and writes a commented config with what it finds.
struct ConfigInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Find the model servers and their models, and write a commented config.toml from them.",
        discussion: """
            Probes --server URLs, else HERD_SERVERS, else the usual local ports (Ollama 11434, llama-server 8080, \
            LM Studio 1234, vLLM 8000). An existing file is kept unless --force.
            """)

    @Flag(help: "Replace an existing config file.")
    var force = false

    @Flag(name: .customLong("stdout"), help: "Print the config instead of writing it.")
    var toStdout = false

    @Option(name: .shortAndLong, help: "Write here instead of the config path.")
    var output: String?

    @Option(help: "Seconds to wait for each server while probing.")
    var probeTimeout: Double = 1.5

    @OptionGroup var servers: ServerOptions

    func validate() throws {
        if probeTimeout <= 0 { throw ValidationError("--probe-timeout must be more than 0 seconds") }
    }

    func run() async throws {
        let paths = StoreCommandSupport.paths()
        let target = output ?? paths.configFile
        if !toStdout, !force, FileManager.default.fileExists(atPath: target) {
            throw StoreCommandSupport.fail("\(target) exists; use --force to replace it, or --stdout to print a new one")
        }
        let endpoints: [ServerEndpoint]
        do {
            endpoints = try Backends.endpoints(cli: servers.servers)
        } catch {
            throw ValidationError("\(error)")
        }
        let found = await Discovery.run(endpoints: endpoints, timeout: probeTimeout)
        let reachable = found.servers.filter(\.reachable).map { s -> ServerEndpoint in
            var e = s.endpoint
            e.proto = s.proto ?? e.proto
            return e
        }
        let down = found.servers.filter { !$0.reachable && !$0.probedByDefault }.map(\.endpoint)
        let text = ConfigWriter.render(servers: reachable, members: found.members, unreachable: down)
        if toStdout {
            print(text, terminator: "")
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        } catch {
            throw StoreCommandSupport.fail("cannot write \(target): \(error.localizedDescription)")
        }
        var summary = "wrote \(target): \(reachable.count) server\(reachable.count == 1 ? "" : "s"), "
            + "\(found.members.count) member\(found.members.count == 1 ? "" : "s")"
        if !down.isEmpty { summary += "; unreachable (left commented): " + down.map(\.baseURL).joined(separator: ", ") }
        print(summary)
        if reachable.isEmpty {
            StandardError.write("herd: no model server answered; the file has commented examples to fill in\n")
        }
    }
}
