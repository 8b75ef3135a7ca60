import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// The area reached from a place within a time limit.
public struct Isochrone: Sendable {
    public let origin: String
    public let minutes: Double
    /// Polygon or MultiPolygon in WGS84.
    public let polygon: Geometry
    /// Area in square kilometres, measured in the metric CRS.
    public let areaKm2: Double
    /// Road pieces reached (whole or partial segments) that the polygon was built from.
    public let reachedPieces: Int
}

/// How isochrone polygons are drawn from the reached network.
public struct IsochroneOptions: Sendable, Hashable {
    /// Half-width of the band drawn around each reached road, metres.
    public var bufferMetres: Double = 500
    /// Polygon parts smaller than this (km²) are dropped as slivers.
    public var minPartKm2: Double = 0.5
    /// Keep slivers anyway.
    public var keepSlivers = false
    /// Segments per quarter circle in buffers.
    public var quadrantSegments = 4

    public init() {}
}

extension TravelGraph {
    /// The reached road pieces within `limit` seconds of the last search, as polylines in the
    /// metric CRS. A segment whose far end is beyond the limit is cut where the limit falls,
    /// by linear interpolation along it (speed is uniform along a segment).
    func reachedPieces(_ search: NodeTimes, within limit: Double, sources: Set<Int32>) -> [[Coordinate]] {
        reachedPieces(search, within: limit, skipping: nil, sources: sources).pieces
    }

    /// Reached pieces, leaving out segments already wholly reached according to `skipping`;
    /// also returns which segments are wholly reached within this limit. The access legs of
    /// places other than the `sources` are left out: they are spurs that exist only because
    /// those places are on the graph, so an origin's area must not depend on them.
    func reachedPieces(
        _ times: NodeTimes, within limit: Double, skipping: [Bool]?, sources: Set<Int32>
    ) -> (pieces: [[Coordinate]], whole: [Bool]) {
        var pieces: [[Coordinate]] = []
        var whole = [Bool](repeating: false, count: segments.count)
        for s in segments.indices {
            if let skipping, skipping[s] {
                whole[s] = true
                continue
            }
            if segments.kind[s] == RoadSegments.accessKind, !sources.contains(segments.from[s]) { continue }
            let a = segments.from[s]
            let b = segments.to[s]
            let t = segments.time[s]
            let da = times(a)
            let db = times(b)
            var fa = 0.0
            var fb = 0.0
            if da < limit { fa = t > 0 ? min(1, (limit - da) / t) : 1 }
            if !segments.oneway[s], db < limit { fb = t > 0 ? min(1, (limit - db) / t) : 1 }
            guard fa > 0 || fb > 0 else { continue }
            let line = Array(segments.metricLine(s))
            if fa + fb >= 1 {
                pieces.append(line)
                whole[s] = true
            } else {
                if fa > 0 { pieces.append(TravelGraph.cut(line, from: 0, to: fa)) }
                if fb > 0 { pieces.append(TravelGraph.cut(line, from: 1 - fb, to: 1)) }
            }
        }
        return (pieces.filter { $0.count >= 2 && $0.first != $0.last || $0.count > 2 }, whole)
    }

    /// The part of a polyline between two fractions of its length.
    static func cut(_ line: [Coordinate], from f0: Double, to f1: Double) -> [Coordinate] {
        var lengths = [0.0]
        for i in 1..<line.count {
            lengths.append(lengths[i - 1] + hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y))
        }
        let total = lengths.last!
        guard total > 0 else { return [] }
        func point(at d: Double) -> (Coordinate, Int) {
            var i = 1
            while i < line.count - 1 && lengths[i] < d { i += 1 }
            let seg = lengths[i] - lengths[i - 1]
            let t = seg > 0 ? (d - lengths[i - 1]) / seg : 0
            return (
                Coordinate(
                    x: line[i - 1].x + t * (line[i].x - line[i - 1].x),
                    y: line[i - 1].y + t * (line[i].y - line[i - 1].y)), i
            )
        }
        let (p0, i0) = point(at: f0 * total)
        let (p1, i1) = point(at: f1 * total)
        var out = [p0]
        if i0 < i1 { out += line[i0..<i1] }
        out.append(p1)
        return out
    }

    /// The roads reached from the places within each limit, as polylines in the metric CRS
    /// (whole segments, and segments cut where the limit falls). What isochrones are drawn from.
    public func reachedRoads(from placeIds: [String], minutes: [Double]) throws -> [[[Coordinate]]] {
        let sources = try placeIds.map { id -> Int32 in
            guard let n = node(of: id) else { throw AnalysisError.notOnNetwork(id) }
            return n
        }
        let search = times(fromAny: sources, cutoff: (minutes.max() ?? 0) * 60)
        return minutes.map { reachedPieces(search, within: $0 * 60, sources: Set(sources)) }
    }

    /// Isochrones from one or more places (a multi-source search: the area reached from the
    /// nearest of them), one per limit, smallest first. Each polygon contains the ones for
    /// smaller limits (built as their union with its own band) and is valid.
    public func isochrones(
        from placeIds: [String], minutes: [Double], options: IsochroneOptions = IsochroneOptions()
    ) throws -> [Isochrone] {
        let sources = try placeIds.map { id -> Int32 in
            guard let n = node(of: id) else { throw AnalysisError.notOnNetwork(id) }
            return n
        }
        let limits = minutes.sorted()
        guard let longest = limits.last else { return [] }
        let search = times(fromAny: sources, cutoff: longest * 60)
        let sourceSet = Set(sources)
        let projection = try MetricProjection(crs: metricCRS)
        let context = projection.context
        // Nesting is built in WGS84, where the output lives: the polygon for a limit is the
        // previous polygon united with the band around what is newly reached (segments wholly
        // reached before are not buffered again). Uniting in the metric CRS instead would not
        // survive the return to WGS84, where straight metric edges bend slightly.
        var inner: GEOSGeometry?
        var done: [Bool]?
        var covered: [[Coordinate]] = []
        var result: [Isochrone] = []
        for m in limits {
            let (pieces, whole) = reachedPieces(search, within: m * 60, skipping: done, sources: sourceSet)
            done = whole
            defer { covered += pieces }
            var polygon: GEOSGeometry
            if pieces.isEmpty && inner == nil {
                // Only the origin itself: a disc around it.
                let disc = try GEOSGeometry(.multiPoint(sources.map { metricCoordinate(ofNode: $0) }), in: context)
                    .buffer(options.bufferMetres, quadrantSegments: options.quadrantSegments)
                polygon = try GEOSGeometry(projection.unproject(disc.value()), in: context)
            } else if pieces.isEmpty {
                polygon = inner!
            } else {
                let band = try BandUnion.union(
                    pieces, width: options.bufferMetres,
                    quadrantSegments: options.quadrantSegments, context: context, covered: covered)
                polygon = try GEOSGeometry(projection.unproject(band.value()), in: context)
                if try !polygon.isValid { polygon = try polygon.makeValid() }
                if let inner { polygon = try polygon.union(inner) }
            }
            if !options.keepSlivers {
                polygon = try dropSlivers(polygon, minKm2: options.minPartKm2, projection: projection)
            }
            inner = polygon
            let wgs = polygonal(try polygon.value())
            result.append(
                Isochrone(
                    origin: placeIds.joined(separator: "+"), minutes: m, polygon: wgs,
                    areaKm2: try projection.areaSquareMetres(wgs) / 1e6, reachedPieces: pieces.count))
        }
        return result
    }
}

/// Drops polygon parts smaller than `minKm2` from a WGS84 geometry (areas measured in the
/// projection's metric CRS). A part that contains a part of a smaller limit's polygon is at
/// least as large as that part, so nesting survives.
func dropSlivers(_ g: GEOSGeometry, minKm2: Double, projection: MetricProjection) throws -> GEOSGeometry {
    var kept: [[[Coordinate]]] = []
    var dropped = false
    for part in polygonalParts(try g.value()) {
        if try projection.areaSquareMetres(.polygon(part)) >= minKm2 * 1e6 { kept.append(part) } else { dropped = true }
    }
    guard dropped else { return g }
    return try GEOSGeometry(.multiPolygon(kept), in: g.context)
}

func polygonalParts(_ g: Geometry) -> [[[Coordinate]]] {
    switch g {
    case .polygon(let r): return [r]
    case .multiPolygon(let ps): return ps
    case .geometryCollection(let gs): return gs.flatMap(polygonalParts)
    default: return []
    }
}

/// The polygonal parts of a geometry as a Polygon or MultiPolygon.
func polygonal(_ g: Geometry) -> Geometry {
    let polys = polygonalParts(g)
    return polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
}

public enum AnalysisError: Error, CustomStringConvertible, Equatable {
    case notOnNetwork(String)
    /// A place a question needs cannot be routed from or to (the message says why).
    case notRoutable(String)
    case empty(String)

    public var description: String {
        switch self {
        case .notOnNetwork(let id): return "\(id) is not attached to the network"
        case .notRoutable(let why): return why
        case .empty(let what): return what
        }
    }
}

extension Isochrone {
    /// The polygons of one origin's isochrones (smallest limit first) snapped to a grid of
    /// `decimals` decimal places, each containing the ones before it exactly at that
    /// precision: rounding each polygon on its own lets edges cross by up to a few metres
    /// and breaks the nesting in the written file.
    public static func nested(_ isochrones: [Isochrone], decimals: Int) throws -> [Geometry] {
        let grid = pow(10, -Double(decimals))
        let context = try GEOSContext()
        var inner: GEOSGeometry?
        var out: [Geometry] = []
        for iso in isochrones {
            var g = try GEOSGeometry(iso.polygon, in: context).snapped(toGrid: grid)
            if let inner {
                // Snapping moves an edge by at most 0.71 grid steps; an outer polygon that
                // keeps 3 steps (about 30 cm at 6 decimals) clear of the inner one still
                // holds it after snapping. Checked, with a wider margin if ever needed.
                var margin = 3.0
                repeat {
                    g = try g.union(inner.buffer(margin * grid, quadrantSegments: 2)).snapped(toGrid: grid)
                    margin *= 2
                } while try !inner.within(g) && margin < 100
            }
            inner = g
            out.append(polygonal(try g.value()))
        }
        return out
    }
}
