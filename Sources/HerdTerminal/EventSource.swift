import HerdTUI

/// Where the terminal loop gets the events effects produce: it sleeps in `poll` on `wakeRead`
/// together with the keyboard, then drains.
public protocol EventSource: AnyObject {
    /// A descriptor that is readable while events are pending.
    var wakeRead: Int32 { get }
    /// Takes every pending event.
    func drain() -> [Event]
}
