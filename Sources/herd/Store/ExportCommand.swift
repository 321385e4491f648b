import ArgumentParser
import Foundation
import HerdSession
import HerdConfig
import HerdCore
import HerdStore

/// `herd export ID --format md|json`: one conversation as Markdown or JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one conversation as Markdown or JSON, with the member and router decision of every answer.")

    @Argument(help: "The conversation's id or a unique prefix of it (see `herd history`); `last` for the latest.")
    var id: String

    @Option(help: "md or json.")
    var format: ConversationExporter.Format = .markdown

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let paths = StoreCommandSupport.paths()
        do {
            guard let store = try StoreCommandSupport.existingStore(paths) else {
                throw StoreCommandSupport.fail("no conversations yet (\(paths.databaseFile) does not exist)")
            }
            let conversation: Conversation?
            if id == "last" {
                conversation = try store.lastConversation()
            } else if let uuid = UUID(uuidString: id) {
                conversation = try store.conversation(id: uuid)
            } else {
                guard id.count >= 4 else { throw ValidationError("give at least 4 characters of the id, not \"\(id)\"") }
                conversation = try store.conversationID(prefix: id).flatMap { try store.conversation(id: $0) }
            }
            guard let conversation else {
                throw StoreCommandSupport.fail("no conversation has an id starting with \"\(id)\" (see `herd history`)")
            }
            let text = try ConversationExporter.render(conversation, as: format)
            if let output {
                do {
                    try text.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw StoreCommandSupport.fail("cannot write \(output): \(error.localizedDescription)")
                }
                StandardError.write("wrote \(output)\n")
            } else {
                print(text, terminator: "")
            }
        } catch let error as StoreError {
            throw StoreCommandSupport.fail(error.description)
        }
    }
}

extension ConversationExporter.Format: ExpressibleByArgument {}
