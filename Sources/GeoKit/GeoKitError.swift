/// An error raised by GeoKit. GEOS and PROJ failures carry the library's own message,
/// so a caller can show the user what went wrong instead of a crash or a line on stderr.
public enum GeoKitError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A GEOS call failed; `message` is what GEOS reported.
    case geos(operation: String, message: String)
    /// A PROJ call failed; `message` is what PROJ reported.
    case proj(operation: String, message: String)
    /// The input could not be turned into a geometry (bad GeoJSON, bad WKT, NaN, ...).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .geos(let operation, let message): return "GEOS \(operation) failed: \(message)"
        case .proj(let operation, let message): return "PROJ \(operation) failed: \(message)"
        case .invalidInput(let message): return message
        }
    }
}
