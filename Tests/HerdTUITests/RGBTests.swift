@testable import HerdTUI
import Testing

@Suite struct RGBTests {
    @Test func colourFallbacks() {
        #expect(RGB(hex: "000000")!.xterm256 == 16)
        #expect(RGB(hex: "ffffff")!.xterm256 == 231)
        #expect(RGB(hex: "ff0000")!.xterm256 == 196)
        #expect(RGB(hex: "808080")!.xterm256 == 244)
        #expect(RGB(hex: "cc6666")!.ansi8 == 1)
    }
}
