import HerdCore

/// Everything the router panel shows, taken from the state. The panel is drawn from this alone, so
/// two equal inputs draw the same cells: `ViewCache` keeps the last drawing and compares these
/// (a streaming reply changes none of them, so the panel is not redrawn at every frame).
struct RouterPanelInputs: Equatable {
    var lambda: Double
    /// The decision shown: the draft's preview while typing, else the last decision.
    var decision: Decision?
    var isPreview: Bool
    var calibration: CalibrationStatus?
    /// Members that would learn from a calibration, and the key that starts one.
    var withoutData: Int
    var calibrateKey: Key?
    var members: [MemberStatus]
    var findingHerd: Bool
    /// The newest answer group, when the decision shown is a comparison's or a cascade's.
    var group: GroupSummary?
    var pin: Pin?
    var cascadeOn: Bool
    var cascadeThresholds: [String: Double]
    var compareNext: Int?

    init(_ state: AppState) {
        lambda = state.lambda.value
        let decision = state.shownDecision
        self.decision = decision
        isPreview = decision != nil && decision == state.preview && state.preview != state.decision
        calibration = state.calibration
        // Counted, not filtered into an array (`membersWithoutData`'s rule): this runs at every frame.
        withoutData = state.calibration == nil ? state.members.reduce(0) { $0 + ($1.reachable && $1.source == .prior ? 1 : 0) } : 0
        calibrateKey = withoutData > 0 ? state.keymap.key(for: .calibrate) : nil
        members = state.members
        findingHerd = state.findingHerd
        let mode = decision?.mode
        group = mode == .compare || mode == .cascade ? GroupSummary.latest(in: state.conversation, members: state.members) : nil
        pin = state.pin
        cascadeOn = state.cascadeOn
        cascadeThresholds = state.cascadeThresholds
        compareNext = state.compareNext
    }
}
