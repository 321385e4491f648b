/// How a router file stores its large arrays (hashed projection, IDF, kNN vectors and outcomes).
///
/// Float16 halves the file and loses nothing routing can see (about three significant digits on
/// weights that are averaged over hundreds of features); small arrays (heads, biases) stay Float32.
public enum RouterFloatStorage: String, Sendable, Hashable, Codable, CaseIterable {
    case float32
    case float16

    var bytesPerValue: Int { self == .float32 ? 4 : 2 }
}
