/// A wrap stopped at its text's last word, to go on from at the next frame: a reply streaming in
/// is one growing line, and its words before the last wrap the same whatever comes after them.
struct WrapResume {
    /// The characters last wrapped.
    var chars: [StyledChar]
    /// The wrap of `chars`, standing at their last word (`WrapState.lastStep`).
    var state: WrapState

    /// `chars` wrapped as `StyledWrap.wrap` wraps them, from `resume` when it holds for them;
    /// `resume` then stands at their last word.
    static func wrap(_ chars: [StyledChar], width: Int, firstPrefix: StyledLine, indent: Int, resume: inout WrapResume?) -> [StyledLine] {
        var state: WrapState
        if let r = resume, r.holds(for: chars, width: width, firstPrefix: firstPrefix, indent: indent) {
            state = r.state
        } else {
            state = WrapState(width: width, firstPrefix: firstPrefix, indent: indent)
        }
        state.run(chars, until: WrapState.lastStep(chars))
        resume = WrapResume(chars: chars, state: state)
        state.run(chars)
        return state.finish()
    }

    /// Whether wrapping `new` passes where this wrap stands in the same state: same width, prefix
    /// and indent, the same characters (byte for byte, and roles) before it, and a space at it.
    func holds(for new: [StyledChar], width: Int, firstPrefix: StyledLine, indent: Int) -> Bool {
        let stop = state.i
        guard stop > 0, stop < new.count, state.width == width, state.indent == indent, new[stop].ch == " ",
              Self.same(state.firstPrefix, firstPrefix) else { return false }
        return new.withUnsafeBufferPointer { new in
            chars.withUnsafeBufferPointer { old in
                for n in 0..<stop where old[n].role != new[n].role || !old[n].ch.utf8.elementsEqual(new[n].ch.utf8) { return false }
                return true
            }
        }
    }

    /// Whether two lines are the same spans, byte for byte (`==` on strings is canonical equivalence).
    static func same(_ a: StyledLine, _ b: StyledLine) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.role == $1.role && $0.text.utf8.elementsEqual($1.text.utf8) }
    }
}
