import HerdCore

/// The selection rule lives in HerdCore (`Selection`); this name is kept for the router's callers.
public typealias RouteSelection = Selection
