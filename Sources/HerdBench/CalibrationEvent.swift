/// What a calibration run reports as it goes (`Calibration.run`), for a progress display.
public enum CalibrationEvent: Sendable, Hashable {
    /// Timing the members without earlier answers on the first `questions` questions, to estimate the run.
    case warmingUp(members: [String], questions: Int)
    /// The expected time of what is left, before the main run starts.
    case estimate(CalibrationEstimate)
    /// Progress of the main run (the events of `herd bench`).
    case bench(BenchEvent)
    /// The main run ended (finished or stopped); figures over the whole suite.
    case benchFinished(BenchSummary)
    /// A progress line of router training.
    case training(String)
    /// The router was trained on `rows` rows of routing data and saved.
    case trained(routerPath: String, rows: Int, models: [String], seconds: Double)
}
