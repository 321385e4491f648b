@testable import HerdBackends
import Testing

/// Every question the warm-up asks names a type and a protocol this build has: a dependency that
/// renamed one would otherwise leave its lookup to the request without a word.
@Test func everyWarmupQuestionNamesATypeAndAProtocolTheRuntimeKnows() {
    #expect(ConformanceWarmup.run().map(\.description) == [])
}

/// The answers are the runtime's own: what conforms says so, what does not says not, and a name
/// the runtime does not know is no answer (the warm-up then skips it).
@Test func theWarmupAsksTheRuntimesOwnQuestion() {
    typealias Q = ConformanceWarmup.Question
    #expect(ConformanceWarmup.answer(Q("s6UInt16V", "s17FixedWidthInteger")) == true)
    #expect(ConformanceWarmup.answer(Q("SS", "SH")) == true)
    #expect(ConformanceWarmup.answer(Q("Si", "s23CustomStringConvertible")) == true)
    #expect(ConformanceWarmup.answer(Q("yp", "7Tracing6Tracer")) == false)
    #expect(ConformanceWarmup.answer(Q("7Tracing10NoOpTracerV", "7Tracing6Tracer")) == true)
    #expect(ConformanceWarmup.answer(Q("SS", "4NoSuch8ProtocolX")) == nil)
    #expect(ConformanceWarmup.answer(Q("4NoSuch4TypeV", "SH")) == nil)
    #expect(ConformanceWarmup.run([Q("SS", "4NoSuch8ProtocolX"), Q("SS", "SH")]).map(\.description) == ["SS: 4NoSuch8ProtocolX"])
}
