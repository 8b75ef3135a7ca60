import CPROJ
import Foundation

/// Collects PROJ's log lines so they become part of Swift errors instead of stderr output.
final class PROJMessages {
    var lines: [String] = []
}

/// A PROJ context with its log captured. Owned by one ``CRSTransformer`` or
/// ``CoordinateReferenceSystem`` lookup; never shared between threads.
final class PROJContext {
    let handle: OpaquePointer
    let messages = PROJMessages()

    init() throws {
        guard let ctx = proj_context_create() else {
            throw GeoKitError.proj(operation: "proj_context_create", message: "could not create a PROJ context")
        }
        handle = ctx
        proj_log_level(ctx, PJ_LOG_ERROR)
        proj_log_func(ctx, Unmanaged.passUnretained(messages).toOpaque()) { userdata, _, message in
            guard let userdata, let message else { return }
            Unmanaged<PROJMessages>.fromOpaque(userdata).takeUnretainedValue().lines.append(String(cString: message))
        }
    }

    deinit { proj_context_destroy(handle) }

    /// The error for a failed call: PROJ's errno text and anything it logged.
    func error(_ operation: String) -> GeoKitError {
        var parts: [String] = []
        let code = proj_context_errno(handle)
        if code != 0, let text = proj_context_errno_string(handle, code) { parts.append(String(cString: text)) }
        parts.append(contentsOf: messages.lines)
        messages.lines.removeAll()
        return .proj(operation: operation, message: parts.isEmpty ? "unknown error" : parts.joined(separator: "; "))
    }
}

/// Facts about a coordinate reference system, read from PROJ's database.
public struct CoordinateReferenceSystem: Sendable, Equatable {
    /// The string the CRS was given as ("EPSG:4549", a PROJ string, WKT...).
    public let definition: String
    /// PROJ's name for it, for example "CGCS2000 / 3-degree Gauss-Kruger CM 120E".
    public let name: String
    /// What sort of CRS it is.
    public enum Kind: String, Sendable, Equatable {
        /// Longitude and latitude in degrees.
        case geographic
        /// A map projection: easting and northing.
        case projected
        /// x, y, z from the Earth's centre.
        case geocentric
        /// Anything else (compound, vertical, engineering…).
        case other
    }

    public let kind: Kind
    /// Whether coordinates are longitude and latitude in degrees.
    public var isGeographic: Bool { kind == .geographic }
    /// The unit of the first axis ("metre", "US survey foot", "degree") and its size in
    /// metres (or radians, for angles); nil when PROJ gives none.
    public let unitName: String?
    public let unitFactor: Double?
    /// Where the CRS is meant to be used, in degrees (west, south, east, north); nil when
    /// PROJ does not know.
    public let areaOfUse: (west: Double, south: Double, east: Double, north: Double)?

    /// Whether lengths in this CRS are metres: a projected CRS whose unit is the metre.
    public var isProjectedInMetres: Bool { kind == .projected && unitFactor == 1 }

    /// Looks the CRS up; throws with PROJ's message when it is unknown or not a CRS. A CRS
    /// found once is remembered for the process (PROJ's database is not asked again).
    public init(_ definition: String) throws {
        if let known = PROJTemplates.shared.system(definition) {
            self = known
            return
        }
        try self.init(lookingUp: definition)
        PROJTemplates.shared.remember(self)
    }

    private init(lookingUp definition: String) throws {
        let ctx = try PROJContext()
        guard let pj = proj_create(ctx.handle, definition) else { throw ctx.error("proj_create(\(definition))") }
        defer { proj_destroy(pj) }
        guard proj_is_crs(pj) != 0 else {
            throw GeoKitError.proj(
                operation: "proj_create(\(definition))",
                message: "\"\(definition)\" is not a coordinate reference system")
        }
        self.definition = definition
        self.name = proj_get_name(pj).map { String(cString: $0) } ?? definition
        switch proj_get_type(pj) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS: kind = .geographic
        case PJ_TYPE_PROJECTED_CRS: kind = .projected
        case PJ_TYPE_GEOCENTRIC_CRS: kind = .geocentric
        default: kind = .other
        }
        var name: String?
        var factor: Double?
        if let cs = proj_crs_get_coordinate_system(ctx.handle, pj) {
            defer { proj_destroy(cs) }
            var unitName: UnsafePointer<CChar>?
            var conversion = 0.0
            if proj_cs_get_axis_info(ctx.handle, cs, 0, nil, nil, nil, &conversion, &unitName, nil, nil) != 0 {
                name = unitName.map { String(cString: $0) }
                factor = conversion
            }
        }
        unitName = name
        unitFactor = factor
        var west = 0.0
        var south = 0.0
        var east = 0.0
        var north = 0.0
        if proj_get_area_of_use(ctx.handle, pj, &west, &south, &east, &north, nil) != 0, west > -1000 {
            areaOfUse = (west, south, east, north)
        } else {
            areaOfUse = nil
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.definition == b.definition && a.name == b.name && a.kind == b.kind && a.unitName == b.unitName
    }

    /// How far a WGS84 point lies outside the area of use, in degrees of longitude or
    /// latitude (0 inside; nil when the area is unknown or crosses the antimeridian).
    public func degreesOutsideAreaOfUse(_ c: Coordinate) -> Double? {
        guard let a = areaOfUse, a.west <= a.east else { return nil }
        let dx = c.lon < a.west ? a.west - c.lon : (c.lon > a.east ? c.lon - a.east : 0)
        let dy = c.lat < a.south ? a.south - c.lat : (c.lat > a.north ? c.lat - a.north : 0)
        return max(dx, dy)
    }
}

/// Transforms coordinates between two CRSs with PROJ.
///
/// Axis order is always x = longitude (or easting), y = latitude (or northing), whatever
/// order the CRS declares: the operation is normalized for visualization. Each transformer
/// owns its PROJ context, so transformers on different threads never share state; a single
/// transformer must be used by one thread at a time (it is not `Sendable`).
public final class CRSTransformer {
    public let source: String
    public let target: String
    private let context: PROJContext
    private let operation: OpaquePointer

    public init(from source: String, to target: String) throws {
        self.source = source
        self.target = target
        // Validate both ends first, so the error names the CRS that is wrong.
        _ = try CoordinateReferenceSystem(source)
        _ = try CoordinateReferenceSystem(target)
        let ctx = try PROJContext()
        self.context = ctx
        self.operation = try PROJTemplates.shared.operation(from: source, to: target, into: ctx)
    }

    deinit { proj_destroy(operation) }

    /// Transforms one coordinate.
    public func transform(_ c: Coordinate) throws -> Coordinate {
        try transform([c])[0]
    }

    /// Transforms many coordinates in one PROJ call.
    public func transform(_ coordinates: [Coordinate]) throws -> [Coordinate] {
        guard !coordinates.isEmpty else { return [] }
        for c in coordinates where !c.isFinite {
            throw GeoKitError.invalidInput("cannot transform \(c): not a finite coordinate")
        }
        var xs = coordinates.map(\.x)
        var ys = coordinates.map(\.y)
        let n = coordinates.count
        proj_errno_reset(operation)
        let stride = MemoryLayout<Double>.stride
        let done = xs.withUnsafeMutableBufferPointer { xp in
            ys.withUnsafeMutableBufferPointer { yp in
                proj_trans_generic(
                    operation, PJ_FWD, xp.baseAddress, stride, n, yp.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        guard done == n else { throw context.error("proj_trans_generic") }
        var result = [Coordinate]()
        result.reserveCapacity(n)
        for i in 0..<n {
            guard xs[i].isFinite, ys[i].isFinite else {
                let err = context.error("proj_trans_generic")
                throw GeoKitError.proj(
                    operation: "transform \(coordinates[i]) from \(source) to \(target)",
                    message: err.description)
            }
            result.append(Coordinate(x: xs[i], y: ys[i]))
        }
        return result
    }

    /// Transforms every coordinate of a geometry.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        let all = geometry.allCoordinates
        let moved = try transform(all)
        var i = 0
        return geometry.mapCoordinates { _ in
            defer { i += 1 }
            return moved[i]
        }
    }

    /// The PROJ library version.
    public static var projVersion: String {
        let info = proj_info()
        return info.version.map { String(cString: $0) } ?? "unknown"
    }
}

/// PROJ objects made once per process: the CRSs looked up, and the normalized operations
/// between two CRSs, each made in a context of its own and cloned into every transformer's
/// context (cloning does not read PROJ's database; making an operation does, and took most
/// of a small command's time before).
final class PROJTemplates: @unchecked Sendable {
    static let shared = PROJTemplates()
    private let lock = NSLock()
    private var systems: [String: CoordinateReferenceSystem] = [:]
    private var operations: [String: (context: PROJContext, operation: OpaquePointer)] = [:]

    func system(_ definition: String) -> CoordinateReferenceSystem? { lock.withLock { systems[definition] } }

    func remember(_ crs: CoordinateReferenceSystem) { lock.withLock { systems[crs.definition] = crs } }

    /// The operation from `source` to `target`, normalized for visualization, owned by `ctx`.
    func operation(from source: String, to target: String, into ctx: PROJContext) throws -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        let key = source + "\u{1F}" + target
        if operations[key] == nil {
            let own = try PROJContext()
            guard let raw = proj_create_crs_to_crs(own.handle, source, target, nil) else {
                throw own.error("proj_create_crs_to_crs(\(source) -> \(target))")
            }
            defer { proj_destroy(raw) }
            guard let normalized = proj_normalize_for_visualization(own.handle, raw) else {
                throw own.error("proj_normalize_for_visualization")
            }
            operations[key] = (own, normalized)
        }
        guard let clone = proj_clone(ctx.handle, operations[key]!.operation) else {
            throw ctx.error("proj_clone(\(source) -> \(target))")
        }
        return clone
    }
}
