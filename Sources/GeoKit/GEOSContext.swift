import CGEOS

/// Collects the messages GEOS reports through its handlers, so they become Swift errors
/// instead of lines on stderr.
final class GEOSMessages {
    var lastError: String?
    var notices: [String] = []
}

/// A GEOS context (`GEOSContextHandle_t`) from the reentrant API.
///
/// Thread safety: a context, and every ``GEOSGeometry``, ``PreparedGeometry`` and
/// ``SpatialIndex`` made in it, must be used by one thread or task at a time. These types are
/// deliberately not `Sendable`, so the compiler keeps them from being shared. For parallel
/// work, give each task its own context and pass plain ``Geometry`` values between tasks.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    let messages = GEOSMessages()

    public init() throws {
        guard let handle = GEOS_init_r() else {
            throw GeoKitError.geos(operation: "GEOS_init_r", message: "could not create a GEOS context")
        }
        self.handle = handle
        let box = Unmanaged.passUnretained(messages).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                Unmanaged<GEOSMessages>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
            }, box)
        _ = GEOSContext_setNoticeMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                Unmanaged<GEOSMessages>.fromOpaque(userdata).takeUnretainedValue().notices.append(
                    String(cString: message))
            }, box)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The GEOS library version, for example "3.11.1-CAPI-1.17.1".
    public static var version: String {
        String(cString: GEOSversion())
    }

    /// Notices GEOS has reported in this context (for example why a geometry is invalid
    /// during an operation). They are kept here, never printed.
    public var notices: [String] { messages.notices }

    /// The error for a failed call, carrying GEOS's last message.
    func error(_ operation: String) -> GeoKitError {
        let message = messages.lastError ?? "unknown error"
        messages.lastError = nil
        return .geos(operation: operation, message: message)
    }

    /// Unwraps the result of a GEOS call that returns a pointer, or throws GEOS's message.
    func check<T>(_ operation: String, _ result: T?) throws -> T {
        guard let result else { throw error(operation) }
        return result
    }

    /// Interprets a GEOS predicate result (0 false, 1 true, 2 exception).
    func predicate(_ operation: String, _ result: CChar) throws -> Bool {
        switch result {
        case 0: return false
        case 1: return true
        default: throw error(operation)
        }
    }
}
