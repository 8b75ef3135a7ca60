import Foundation

/// The CRS a dataset measures in: lengths, areas and buffers are computed in metres in this
/// CRS, never in degrees.
public enum MetricCRS {
    /// How far outside its area of use (in degrees) a metric CRS still measures a place:
    /// within 10°, a Gauss-Kruger or UTM zone stretches lengths by at most a few percent.
    public static let usableMarginDegrees = 10.0

    /// The CRS to measure a region in, from a representative point (usually the centroid):
    /// inside China, the CGCS2000 3-degree Gauss-Kruger zone whose central meridian is
    /// nearest (EPSG:4534 for 75°E up to EPSG:4554 for 135°E, no zone prefix on eastings);
    /// elsewhere, the WGS 84 UTM zone (EPSG:326xx north, 327xx south).
    public static func suggested(for point: Coordinate) -> String {
        let lon = point.lon
        let lat = point.lat
        let centralMeridian = (lon / 3).rounded() * 3
        if (16...54).contains(lat), (75...135).contains(centralMeridian) {
            return "EPSG:\(4534 + Int((centralMeridian - 75) / 3))"
        }
        let zone = min(60, max(1, Int(((lon + 180) / 6).rounded(.down)) + 1))
        return "EPSG:\(lat >= 0 ? 32600 + zone : 32700 + zone)"
    }
}

/// Measures WGS84 geometries in metres by projecting them into a metric CRS.
///
/// Holds two PROJ transformers and a GEOS context, so it belongs to one thread or task at
/// a time; make one per task for parallel work.
public final class MetricProjection {
    public static let wgs84 = "OGC:CRS84"
    public let crs: String
    /// What PROJ knows of the CRS (kind, unit, area of use).
    public let referenceSystem: CoordinateReferenceSystem
    public let context: GEOSContext
    private let forward: CRSTransformer
    private let inverse: CRSTransformer

    public init(crs: String, context: GEOSContext? = nil) throws {
        self.crs = crs
        self.referenceSystem = try CoordinateReferenceSystem(crs)
        self.forward = try CRSTransformer(from: MetricProjection.wgs84, to: crs)
        self.inverse = try CRSTransformer(from: crs, to: MetricProjection.wgs84)
        self.context = try context ?? GEOSContext()
    }

    /// Projects a WGS84 (longitude, latitude) geometry into the metric CRS.
    public func project(_ geometry: Geometry) throws -> Geometry { try forward.transform(geometry) }
    public func project(_ c: Coordinate) throws -> Coordinate { try forward.transform(c) }
    /// Returns a metric geometry to WGS84 longitude, latitude.
    public func unproject(_ geometry: Geometry) throws -> Geometry { try inverse.transform(geometry) }

    /// The geometry in the metric CRS, held by GEOS.
    public func projected(_ geometry: Geometry) throws -> GEOSGeometry {
        try GEOSGeometry(project(geometry), in: context)
    }

    public func lengthMetres(_ geometry: Geometry) throws -> Double { try projected(geometry).length() }
    public func areaSquareMetres(_ geometry: Geometry) throws -> Double { try projected(geometry).area() }

    public func distanceMetres(_ a: Geometry, _ b: Geometry) throws -> Double {
        try projected(a).distance(to: projected(b))
    }

    /// The area within `metres` of the geometry, returned in WGS84.
    public func buffer(_ geometry: Geometry, metres: Double, quadrantSegments: Int = 8) throws -> Geometry {
        let buffered = try projected(geometry).buffer(metres, quadrantSegments: quadrantSegments).value()
        return try unproject(buffered)
    }
}
