import Foundation
import HerdCore

/// The router panel: λ, every member's calibrated confidence, the choice, and why.
enum RouterPanel {
    static func render(_ state: AppState, area: Rect, into buf: inout ScreenBuffer) {
        render(RouterPanelInputs(state), area: area, into: &buf)
    }

    /// Draws the panel from its inputs alone (see `RouterPanelInputs`), in the columns after `area.x`.
    static func render(_ state: RouterPanelInputs, area: Rect, into buf: inout ScreenBuffer) {
        let x0 = area.x + 1
        let w = area.w - 1
        var y = area.y
        let bottom = area.y + area.h
        func line(_ spans: StyledLine) {
            guard y < bottom else { return }
            var x = x0
            for s in spans { x += buf.put(s.text, x: x, y: y, maxWidth: x0 + w - x, role: s.role) }
            y += 1
        }
        line([Span("λ ", .accent), Span(Fixed.format(state.lambda, decimals: 2), .bold), Span("  quality ◀──▶ cost", .dim)])
        let decision = state.decision
        let isPreview = state.isPreview
        if let c = state.calibration {
            for l in StyledWrap.wrap(Markdown.chars(c.line, c.isRunning ? .accent : .dim), width: w) { line(l) }
        } else if state.withoutData > 0 {
            // The offer: one key runs `herd calibrate` in the background.
            let n = state.withoutData
            let offer = "\(state.calibrateKey?.label ?? "—"): calibrate \(n) member\(n == 1 ? "" : "s") without data"
            for l in StyledWrap.wrap(Markdown.chars(offer, .warning), width: w) { line(l) }
        }
        if state.members.isEmpty {
            line(state.findingHerd ? [Span("finding your herd…", .dim)] : [Span("no members", .warning)])
        }
        // Where each confidence comes from goes on a line of its own under the member when the panel
        // has the rows; otherwise only the chosen member's source is shown, below.
        let sourceText = state.members.map { ms -> [StyledLine] in
            guard ms.reachable, let source = decision?.score(of: ms.name)?.source ?? ms.source else { return [] }
            return Self.sourceLines(source, width: max(4, w - 3))
        }
        let sourceLines = area.h >= state.members.count + sourceText.reduce(0) { $0 + $1.count } + 8
        let barW = max(4, min(10, w / 4))
        let nameW = max(4, w - 3 - 1 - barW - 5)
        for (n, ms) in state.members.enumerated() {
            guard y < bottom else { break }
            let score = decision?.score(of: ms.name)
            let compared = decision?.mode == .compare && state.group?.asked.contains(ms.name) == true
            let chosen = decision?.chosen == ms.name || compared
            let routerPick = decision?.routerChoice == ms.name && !chosen
            let marker = chosen ? "▶" : routerPick ? "▷" : " "
            let key = n < 9 ? String(n + 1) : " "
            var spans: StyledLine = [Span(marker, chosen ? .selected : .accent), Span(key, .dim), Span(" ")]
            var name = ms.name
            // "2/3 up" after the name of a member with several replicas; the name gives way first.
            let replicas = ms.replicaText.map { " " + $0 } ?? ""
            let room = max(1, nameW - TextWidth.width(of: replicas))
            if TextWidth.width(of: name) > room { name = truncate(name, room) }
            let nameRole: StyleRole = !ms.reachable ? .dim : chosen ? .selected : (ms.member.loaded == false ? .dim : .normal)
            let fill = max(0, nameW - TextWidth.width(of: name) - TextWidth.width(of: replicas))
            spans.append(Span(name, nameRole))
            if !replicas.isEmpty { spans.append(Span(replicas, ms.replicasUp < ms.member.replicas.count ? .warning : .dim)) }
            spans.append(Span(String(repeating: " ", count: fill), nameRole))
            spans.append(Span(" "))
            if !ms.reachable {
                spans.append(Span(pad("unreachable", barW + 5), .error))
            } else if let p = score?.confidence {
                let filled = Int((p * Double(barW)).rounded())
                spans.append(Span(String(repeating: "█", count: filled), score?.isPrior == true ? .prior : .bar))
                spans.append(Span(String(repeating: "░", count: barW - filled), .barEmpty))
                spans.append(Span(" " + Fixed.format(p, decimals: 2), score?.isPrior == true ? .prior : .normal))
            } else {
                spans.append(Span(String(repeating: "░", count: barW), .barEmpty))
                spans.append(Span("    —", .dim))
            }
            line(spans)
            if sourceLines {
                for l in sourceText[n] { line([Span("   ")] + l) }
            }
        }
        y += 1
        guard let d = decision else {
            line([Span(modeText(state), .dim)])
            return
        }
        var summary = isPreview ? "preview" : modeLabel(d.mode)
        summary += " · " + formatMicros(d.micros)
        if d.scores.contains(where: \.isPrior) { summary += " · prior" }
        line([Span(summary, .accent)])
        if !sourceLines, let source = d.score(of: d.chosen)?.source {
            for l in Self.sourceLines(source, width: w, lead: "from ") { line(l) }
        }
        // Compare and cascade: who was asked, who answered, what it cost against the largest member.
        if d.mode == .compare || d.mode == .cascade, let g = state.group {
            for text in g.lines { for l in StyledWrap.wrap(Markdown.chars(text, .normal), width: w) { line(l) } }
        } else if let rc = d.routerChoice, rc != d.chosen || d.mode != .auto {
            // When a pin decides, say what the router would have chosen, even when it agrees.
            line([Span("router: ", .dim), Span(rc, .normal), Span(rc == d.chosen ? " (agrees)" : "", .dim)])
        }
        if let pin = state.pin {
            line([Span(pin.scope == .conversation ? "◆ pinned: " : "◇ next: ", .warning), Span(pin.member, .normal)])
        }
        if state.cascadeOn {
            let lp = String(format: "%.1f", WeakAnswer.defaultLogprobThreshold)
            let text = "⤴ cascade: first ≥ " + String(format: "%.2f", CascadePolicy.defaultThreshold) + " conf · weak < \(lp) logprob"
            for l in StyledWrap.wrap(Markdown.chars(text, .warning), width: w) { line(l) }
            for (name, t) in state.cascadeThresholds.sorted(by: { $0.key < $1.key }) {
                line([Span("  \(name) ≥ " + String(format: "%.2f", t), .dim)])
            }
            for m in state.members.sorted(by: { $0.name < $1.name }) {
                guard let t = m.member.weakLogprob else { continue }
                line([Span("  \(m.name) weak < " + String(format: "%.2f", t), .dim)])
            }
        }
        if let k = state.compareNext { line([Span("⧉ next: ", .warning), Span("compare top \(k)", .normal)]) }
        if state.members.contains(where: { $0.member.loaded == false }) { line([Span("dim = not loaded", .dim)]) }
        if !d.reason.isEmpty, y < bottom {
            for l in StyledWrap.wrap(Markdown.chars(d.reason, .dim), width: w) { line(l) }
        }
    }

    /// The source wrapped to `width`; a profile name that does not fit after "public data as" starts a line of its own.
    static func sourceLines(_ source: ConfidenceSource, width: Int, lead: String = "") -> [StyledLine] {
        let text = lead + sourceText(source)
        guard case let .publicData(profile) = source, TextWidth.width(of: text) > width else {
            return StyledWrap.wrap(Markdown.chars(text, .dim), width: width)
        }
        return StyledWrap.wrap(Markdown.chars(lead + "public data as", .dim), width: width)
            + StyledWrap.wrap(Markdown.chars(profile, .dim), width: width)
    }

    /// "public data as NAME", "your data", "prior (no data)".
    static func sourceText(_ source: ConfidenceSource) -> String {
        switch source {
        case let .publicData(profile): "public data as \(profile)"
        case .yourData: "your data"
        case .prior: "prior (no data)"
        }
    }

    static func modeLabel(_ m: Decision.Mode) -> String {
        switch m {
        case .auto: return "auto"
        case .pinned: return "pinned"
        case .pinnedOnce: return "pinned once"
        case .retry: return "retry"
        case .compare: return "compare"
        case .cascade: return "cascade"
        }
    }

    static func modeText(_ state: RouterPanelInputs) -> String {
        guard let pin = state.pin else { return state.cascadeOn ? "cascade" : "auto" }
        return pin.scope == .conversation ? "pinned: \(pin.member)" : "next: \(pin.member)"
    }

    static func formatMicros(_ us: Double) -> String {
        us < 1000 ? Fixed.format(us, decimals: 0) + " µs" : Fixed.format(us / 1000, decimals: 1) + " ms"
    }

    static func pad(_ s: String, _ n: Int) -> String {
        let w = TextWidth.width(of: s)
        return w > n ? truncate(s, n) : s + String(repeating: " ", count: n - w)
    }

    static func truncate(_ s: String, _ n: Int) -> String {
        guard n > 0 else { return "" }
        var out = ""
        var w = 0
        for ch in s {
            let cw = TextWidth.width(of: TextWidth.inert(ch))
            if w + cw > n - 1 { return out + "…" }
            out.append(ch)
            w += cw
        }
        return out
    }
}
