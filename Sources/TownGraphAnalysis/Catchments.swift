import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// Each place assigned to the nearest member of a selection by travel time (its network
/// catchment), beside the Euclidean (Voronoi) assignment of the same members.
public struct CatchmentResult: Sendable {
    public struct Assignment: Sendable {
        public let place: Place
        /// The member reached fastest, or nil when none is reachable.
        public let member: Place?
        public let seconds: Double?
        /// The member whose Voronoi cell holds the place (nearest in a straight line).
        public let voronoiMember: Place?
        public var differs: Bool { member != nil && voronoiMember != nil && member!.id != voronoiMember!.id }
    }
    public let members: [Place]
    public let assignments: [Assignment]
    /// Per member (same order): the reached network assigned to it, buffered and united, with
    /// overlaps removed (an earlier member keeps a contested area). WGS84.
    public let networkPolygons: [Geometry?]
    /// Per member: its Voronoi cell clipped to the boundary. WGS84.
    public let voronoiCells: [Geometry?]
}

/// How much of each county lies within reach of a selection.
public struct CoverageResult: Sendable {
    public struct Row: Sendable {
        public let county: County?
        public let areaKm2: Double
        public let coveredKm2: Double
        public let settlements: Int
        public let settlementsCovered: Int
        public var areaShare: Double { areaKm2 > 0 ? coveredKm2 / areaKm2 : 0 }
        public var settlementShare: Double { settlements > 0 ? Double(settlementsCovered) / Double(settlements) : 0 }
    }
    public let minutes: Double
    /// One row per county, then the total (county nil).
    public let rows: [Row]
    /// The area within reach (WGS84).
    public let reach: Geometry
}

extension TravelGraph {
    /// Network catchments of `members` over `places`, with the Voronoi partition of the same
    /// members clipped to `boundary` (WGS84) for comparison.
    public func catchments(
        members: [Place], places: [Place], boundary: Geometry?, bufferMetres: Double = 500,
        quadrantSegments: Int = 4
    ) throws -> CatchmentResult {
        let attached = members.filter { node(of: $0.id) != nil }
        guard !attached.isEmpty else { throw AnalysisError.empty("no member of the selection is on the network") }
        let search = ShortestPathSearch(graph: self)
        search.run(fromAny: attached.map { node(of: $0.id)! }, recordPaths: false)
        let projection = try MetricProjection(crs: metricCRS)
        let context = projection.context

        // Voronoi cells of the members' points, clipped to the boundary.
        var cells: [Geometry?] = Array(repeating: nil, count: members.count)
        var cellPolys: [(Int, PreparedGeometry)] = []
        let located = members.enumerated().filter { $0.element.location != nil }
        if located.count >= 2 {
            let points = try located.map { try projection.project($0.element.location!) }
            let sites = try GEOSGeometry(.multiPoint(points), in: context)
            let clip = try boundary.map { try projection.projected($0) }
            let envelope = try clip?.envelope().buffer(1000) ?? sites.envelope().buffer(50_000)
            for (k, whole) in try Voronoi.cells(of: points, envelope: envelope, context: context) {
                let cell = try clip.map { try whole.intersection($0) } ?? whole
                // A site outside the boundary keeps no cell.
                guard try cell.covers(GEOSGeometry(.point(points[k]), in: context)) else { continue }
                cells[located[k].offset] = polygonal(try projection.unproject(cell.value()))
                cellPolys.append((located[k].offset, try PreparedGeometry(cell)))
            }
        }
        func voronoi(_ p: Place) throws -> Place? {
            guard let loc = p.location else { return nil }
            let pt = try GEOSGeometry(.point(try projection.project(loc)), in: context)
            return try cellPolys.first { try $0.1.covers(pt) }.map { members[$0.0] }
        }

        var assignments: [CatchmentResult.Assignment] = []
        for p in places {
            var member: Place?
            var seconds: Double?
            if let n = node(of: p.id), let k = search.nearestSource(of: n) {
                member = attached[k]
                seconds = search.seconds(to: n)
            }
            assignments.append(.init(place: p, member: member, seconds: seconds, voronoiMember: try voronoi(p)))
        }

        // Network polygons: each segment goes to the member that reaches it, split where two
        // members' times meet along it.
        var pieces: [[[Coordinate]]] = Array(repeating: [], count: attached.count)
        for s in segments.indices {
            let a = segments.from[s]
            let b = segments.to[s]
            guard let la = search.nearestSource(of: a) ?? search.nearestSource(of: b) else { continue }
            let lb = search.nearestSource(of: b) ?? la
            let line = Array(segments.metricLine(s))
            if la == lb || segments.oneway[s] || segments.time[s] == 0 {
                pieces[la].append(line)
            } else {
                let t = segments.time[s]
                let da = search.seconds(to: a)
                let db = search.seconds(to: b)
                let x = max(0, min(1, (db - da + t) / (2 * t)))
                if x > 0 { pieces[la].append(TravelGraph.cut(line, from: 0, to: x)) }
                if x < 1 { pieces[lb].append(TravelGraph.cut(line, from: x, to: 1)) }
            }
        }
        let bands = try partitionPolygons(
            pieces, bufferMetres: bufferMetres, quadrantSegments: quadrantSegments, projection: projection)
        var polygons: [Geometry?] = Array(repeating: nil, count: members.count)
        for (k, m) in attached.enumerated() { polygons[members.firstIndex { $0.id == m.id }!] = bands[k] }
        return CatchmentResult(
            members: members, assignments: assignments, networkPolygons: polygons, voronoiCells: cells)
    }

    /// Polygons of a partition of the road network: the band of `bufferMetres` around each
    /// member's pieces (metric polylines), in WGS84, an earlier member keeping a contested area.
    func partitionPolygons(
        _ pieces: [[[Coordinate]]], bufferMetres: Double, quadrantSegments: Int, projection: MetricProjection
    ) throws -> [Geometry?] {
        let context = projection.context
        var polygons: [Geometry?] = []
        var taken: GEOSGeometry?
        for memberPieces in pieces {
            let valid = memberPieces.filter { $0.count >= 2 }
            guard !valid.isEmpty else {
                polygons.append(nil)
                continue
            }
            var band = try GEOSGeometry(
                projection.unproject(
                    GEOSGeometry.unionOfBuffers(
                        valid, width: bufferMetres, quadrantSegments: quadrantSegments, in: context
                    ).value()), in: context)
            if try !band.isValid { band = try band.makeValid() }
            if let taken { band = try band.difference(taken) }
            taken = try taken.map { try $0.union(band) } ?? band
            polygons.append(polygonal(try band.value()))
        }
        return polygons
    }

    /// The share of each county's area, and of its located settlements, within `minutes` of
    /// the nearest of `sources`.
    public func coverage(
        from sources: [Place], minutes: Double, counties: [County], settlements: [Settlement],
        bufferMetres: Double = 500, quadrantSegments: Int = 4
    ) throws -> CoverageResult {
        let nodes = sources.compactMap { node(of: $0.id) }
        guard !nodes.isEmpty else { throw AnalysisError.empty("no source of the selection is on the network") }
        let search = times(fromAny: nodes, cutoff: minutes * 60)
        let projection = try MetricProjection(crs: metricCRS)
        let context = projection.context
        let pieces = reachedPieces(search, within: minutes * 60, sources: Set(nodes))
        let reachMetric =
            pieces.isEmpty
            ? try GEOSGeometry(.multiPolygon([]), in: context)
            : try GEOSGeometry.unionOfBuffers(
                pieces, width: bufferMetres, quadrantSegments: quadrantSegments, in: context)
        var rows: [CoverageResult.Row] = []
        var totals = (area: 0.0, covered: 0.0, n: 0, c: 0)
        for county in counties {
            let shape = try projection.projected(county.boundary)
            let area = try shape.area() / 1e6
            let covered = try shape.intersection(reachMetric).area() / 1e6
            let inCounty = settlements.filter { $0.county == county.id && $0.isLocated }
            let reached = inCounty.filter { s in node(of: s.id).map { search($0) <= minutes * 60 } ?? false
            }
            rows.append(
                .init(
                    county: county, areaKm2: area, coveredKm2: covered, settlements: inCounty.count,
                    settlementsCovered: reached.count))
            totals = (totals.area + area, totals.covered + covered, totals.n + inCounty.count, totals.c + reached.count)
        }
        rows.append(
            .init(
                county: nil, areaKm2: totals.area, coveredKm2: totals.covered, settlements: totals.n,
                settlementsCovered: totals.c))
        return CoverageResult(
            minutes: minutes, rows: rows, reach: polygonal(try projection.unproject(reachMetric.value())))
    }
}

/// Voronoi cells of points in a metric CRS.
enum Voronoi {
    /// Each point's cell within `envelope`, by the point's position in `points` (a cell is
    /// matched to the point it covers).
    static func cells(
        of points: [Coordinate], envelope: GEOSGeometry, context: GEOSContext
    ) throws -> [Int: GEOSGeometry] {
        let diagram = try GEOSGeometry(.multiPoint(points), in: context).voronoiDiagram(envelope: envelope)
        var out: [Int: GEOSGeometry] = [:]
        for i in 0..<(try diagram.partCount) {
            let cell = try diagram.part(i)
            if let k = try points.indices.first(where: {
                try cell.covers(GEOSGeometry(.point(points[$0]), in: context))
            }) {
                out[k] = cell
            }
        }
        return out
    }
}
