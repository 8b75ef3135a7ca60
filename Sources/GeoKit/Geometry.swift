import Foundation

/// A position: `x` is longitude (or easting), `y` is latitude (or northing).
///
/// GeoKit always keeps longitude first, as GeoJSON (RFC 7946) does, whatever axis order
/// a CRS declares.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Longitude and latitude, in that order.
    public init(lon: Double, lat: Double) {
        self.init(x: lon, y: lat)
    }

    public var lon: Double { x }
    public var lat: Double { y }
    public var isFinite: Bool { x.isFinite && y.isFinite }
    public var description: String { "(\(x), \(y))" }
}

/// A plain Swift geometry value, the public face of GeoKit.
///
/// Values are `Sendable` and can cross threads freely; GEOS work happens on a
/// ``GEOSGeometry`` made from a value inside a ``GEOSContext``.
/// Polygon rings are closed (first coordinate equals last); the first ring is the exterior.
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon([[Coordinate]])
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([[[Coordinate]]])
    case geometryCollection([Geometry])

    /// The GeoJSON type name.
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .lineString: return "LineString"
        case .polygon: return "Polygon"
        case .multiPoint: return "MultiPoint"
        case .multiLineString: return "MultiLineString"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// Every coordinate of the geometry, in order.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): return [c]
        case .lineString(let cs), .multiPoint(let cs): return cs
        case .polygon(let rings), .multiLineString(let rings): return rings.flatMap { $0 }
        case .multiPolygon(let polys): return polys.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let gs): return gs.flatMap { $0.allCoordinates }
        }
    }

    /// Returns the geometry with `transform` applied to each coordinate.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): return .point(try transform(c))
        case .lineString(let cs): return .lineString(try cs.map(transform))
        case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
        case .polygon(let rings): return .polygon(try rings.map { try $0.map(transform) })
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(transform) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.map { try $0.map(transform) } })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The bounding box (min x, min y, max x, max y), or nil for an empty geometry.
    public var boundingBox: (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        let cs = allCoordinates
        guard let first = cs.first else { return nil }
        var b = (minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for c in cs.dropFirst() {
            b.minX = min(b.minX, c.x)
            b.maxX = max(b.maxX, c.x)
            b.minY = min(b.minY, c.y)
            b.maxY = max(b.maxY, c.y)
        }
        return b
    }
}

// MARK: - Ring orientation (RFC 7946 section 3.1.6)

extension Geometry {
    /// Twice the signed area of a ring by the shoelace formula: positive when counter-clockwise.
    static func signedArea2(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum
    }

    /// Whether a closed ring runs counter-clockwise in the x/y plane.
    public static func isCounterClockwise(_ ring: [Coordinate]) -> Bool {
        signedArea2(ring) > 0
    }

    private static func orientPolygon(_ rings: [[Coordinate]]) -> [[Coordinate]] {
        rings.enumerated().map { index, ring in
            let ccw = isCounterClockwise(ring)
            // Exterior counter-clockwise, holes clockwise.
            return (index == 0) == ccw ? ring : ring.reversed()
        }
    }

    /// The geometry with exterior rings counter-clockwise and holes clockwise,
    /// the right-hand rule that RFC 7946 asks of GeoJSON writers.
    public func rightHandOriented() -> Geometry {
        switch self {
        case .polygon(let rings): return .polygon(Geometry.orientPolygon(rings))
        case .multiPolygon(let polys): return .multiPolygon(polys.map(Geometry.orientPolygon))
        case .geometryCollection(let gs): return .geometryCollection(gs.map { $0.rightHandOriented() })
        default: return self
        }
    }

    /// The geometry with every coordinate rounded to `decimals` decimal places.
    public func rounded(toDecimals decimals: Int) -> Geometry {
        let scale = pow10(decimals)
        return mapCoordinates { c in
            Coordinate(x: (c.x * scale).rounded() / scale, y: (c.y * scale).rounded() / scale)
        }
    }
}

@inline(__always) func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<max(0, n) { r *= 10 }
    return r
}

extension Coordinate {
    /// Great-circle distance in km between two longitude/latitude points, on a sphere of the
    /// Earth's mean radius (for labels, checks and straight-line columns; lengths that matter
    /// are measured in a metric CRS).
    public func greatCircleKm(to b: Coordinate) -> Double {
        let r = Double.pi / 180
        let dLat = (b.lat - lat) * r
        let dLon = (b.lon - lon) * r
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat * r) * cos(b.lat * r) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, h.squareRoot()))
    }
}
