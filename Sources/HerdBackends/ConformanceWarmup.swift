/// Asks the Swift runtime, ahead of time and on the warm-up's thread, the conformance questions
/// `herd ask`'s request asks after its arguments are parsed, so that their answers are cached when
/// the command and the event loop ask them.
///
/// Why: the first time a process asks whether a type conforms to a protocol, the runtime scans all
/// of the binary's conformance records (10,165 in herd's release build, ~27 µs a scan here), and
/// caches the answer. Between the parse and the request `herd ask` asked 25 such questions on its
/// critical path, 11 on the command's task and 14 on the event loop (uprobes on the runtime's
/// lookup, names through `scripts/conformance-scans`): AsyncHTTPClient describing its pool key and
/// the event loop for its logger, NIO casting the `NIOAny` its pipeline passes, the socket's
/// generic channel, a cast of the server. `ConnectionWarmup` covers the handlers it can build and
/// the event loop's description; these are the questions it cannot reach, asked about internal
/// types by their mangled names. Measured: the request went out 0.9–1.0 ms sooner and the first
/// token 1.1–1.6 ms sooner (`scripts/ask-timeline`, two runs of 81). A name the runtime does not know (a
/// dependency renamed a type) is skipped; `ConformanceWarmupTests` checks that every one resolves.
enum ConformanceWarmup {
    /// A question the runtime answers by a scan: does `type` conform to `proto`? Both are mangled
    /// names without the `$s` prefix, as `swift demangle` reads them (`SS` is `Swift.String`).
    struct Question: Sendable, CustomStringConvertible {
        let type: String
        let proto: String
        init(_ type: String, _ proto: String) {
            self.type = type
            self.proto = proto
        }

        var description: String { "\(type): \(proto)" }
    }

    /// The questions, in the order the request asks them: first on the command's task (the URL's
    /// port, the pool key's description, the socket channel), then on the event loop (its own
    /// description, the connection's handler, the request bag, `NIOAny` unwrapping, the tracer).
    static let questions: [Question] = {
        let describing = ["s20TextOutputStreamable", "s23CustomStringConvertible", "s28CustomDebugStringConvertible", "s17CustomReflectable"]
        let requestBags = ["12HerdBackends19OpenAIStreamDecoderV", "12HerdBackends19OllamaStreamDecoderV"].map {
            "15AsyncHTTPClient10RequestBagCy12HerdBackends14StreamDelegateCy\($0)GG"
        }
        // Casting a server (`Backends.unsent`, `ReplyPath.stream`) first asks whether it is a boxed Swift value.
        let servers = ["12OpenAIServerC", "12OllamaServerC", "16ReplicatedServerV", "16UndetectedServerC"].map {
            Question("12HerdBackends\($0)", "s13_NSSwiftValue")
        }
        return servers + [
            Question("s6UInt16V", "s17FixedWidthInteger"),
            Question("s6UInt16V", "SU"),
            Question("Ss9UTF16ViewV", "Sl"),
            Question("SaySSG", "Sl"),
        ] + describing.map { Question("15AsyncHTTPClient6SchemeO", $0) } + [
            Question("8NIOPosix6SocketC", "8NIOPosix14SocketProtocol"),
            Question("8NIOPosix6SocketC", "8NIOPosix18BaseSocketProtocol"),
        ] + [
            Question("15AsyncHTTPClient25HTTP1ClientChannelHandlerC", "7NIOCore22_ChannelInboundHandler"),
            Question("15AsyncHTTPClient25HTTP1ClientChannelHandlerC", "7NIOCore23_ChannelOutboundHandler"),
        ] + requestBags.flatMap { [Question($0, "s13_NSSwiftValue"), Question($0, "15AsyncHTTPClient21HTTPExecutableRequest")] } + [
            Question("7NIOCore10ByteBufferV", "s21_ObjectiveCBridgeable"),
            Question("7NIOCore10FileRegionV", "s21_ObjectiveCBridgeable"),
            Question("7NIOCore6IODataO", "s21_ObjectiveCBridgeable"),
            Question("7NIOCore17AddressedEnvelopeVyAA10ByteBufferVG", "s21_ObjectiveCBridgeable"),
            Question("yp", "7Tracing6Tracer"),
            Question("7Tracing10NoOpTracerV", "7Tracing6Tracer"),
        ]
    }()

    /// Asks every question; returns those whose type or protocol the runtime could not find.
    @discardableResult
    static func run(_ questions: [Question] = questions) -> [Question] {
        questions.filter { answer($0) == nil }
    }

    /// Whether the question's type conforms to its protocol, as the runtime answers (and caches) it;
    /// `nil` when either name is unknown.
    static func answer(_ question: Question) -> Bool? {
        guard let type = _typeByName(question.type), let proto = protocolDescriptor(question.proto) else { return nil }
        return swiftConformsToProtocol(unsafeBitCast(type, to: UnsafeRawPointer.self), proto) != nil
    }

    /// The runtime's descriptor of the protocol `mangled` names, read from the metadata of its
    /// existential (`any P`): a kind, flags, the number of protocols, then the protocols.
    static func protocolDescriptor(_ mangled: String) -> UnsafeRawPointer? {
        guard let existential = _typeByName(mangled + "_p") else { return nil }
        let metadata = unsafeBitCast(existential, to: UnsafeRawPointer.self)
        let existentialKind = 0x303
        let hasSuperclass: UInt32 = 0x4000_0000
        guard metadata.load(as: Int.self) == existentialKind,
              metadata.load(fromByteOffset: 12, as: UInt32.self) == 1,
              metadata.load(fromByteOffset: 8, as: UInt32.self) & hasSuperclass == 0 else { return nil }
        let ref = metadata.load(fromByteOffset: 16, as: UInt.self)
        // The low bit marks an Objective-C protocol, which Linux has none of.
        guard ref & 1 == 0 else { return nil }
        return UnsafeRawPointer(bitPattern: ref)
    }
}

/// The runtime's own lookup (`swift_conformsToProtocolCommon`, exported by the Swift runtime):
/// the witness table, or nil when the type does not conform; either answer is cached.
@_silgen_name("swift_conformsToProtocolCommon")
private func swiftConformsToProtocol(_ type: UnsafeRawPointer, _ proto: UnsafeRawPointer) -> UnsafeRawPointer?
