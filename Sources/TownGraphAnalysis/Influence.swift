import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// Spheres of influence of central towns and the breaking points between neighbouring ones
/// (Reilly 1931, Converse 1949), on network times.
///
/// A town belongs to the centre with the highest P_c / t_c^b (t_c: minutes from the centre),
/// shown beside the plain nearest centre. Between neighbouring centres A and B (their
/// Voronoi cells share an edge) the breaking point lies d_A = D_AB / (1 + √(P_B / P_A))
/// minutes from A along the fastest route from A to B.
public struct InfluenceResult: Sendable {
    public struct Assignment: Sendable {
        public let town: Place
        /// The centre with the highest size over time^b, and the minutes from it.
        public let centre: Place?
        public let minutes: Double?
        /// The centre reached fastest.
        public let nearest: Place?
        public var differs: Bool { centre != nil && nearest != nil && centre!.id != nearest!.id }
    }
    public struct BreakingPoint: Sendable {
        public let a: Place
        public let b: Place
        /// Minutes from A to B on the fastest route, and from A to the breaking point.
        public let minutesAB: Double
        public let minutesFromA: Double
        /// Where the breaking point lies (WGS84).
        public let location: Coordinate
    }
    public let centres: [Place]
    public let assignments: [Assignment]
    public let breakingPoints: [BreakingPoint]
    /// Per centre (same order): the reached network assigned to it, buffered and united. WGS84.
    public let areas: [Geometry?]
    public let exponent: Double
    public let sizes: TownSizes
    public let network: String
}

extension Queries {
    public static func influence(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, centres selection: PlaceSelection,
        towns townSelection: PlaceSelection, exponent b: Double = 2, sizes: TownSizes, bufferMetres: Double = 500
    ) throws -> InfluenceResult {
        let centres = try nonEmpty(
            selection.places(in: dataset, network: network, scenario: scenario).filter {
                $0.location != nil && sizes.population[$0.id] != nil
            }, "centre")
        let towns = try townSelection.places(in: dataset, network: network, scenario: scenario).filter {
            $0.location != nil
        }
        var all = towns
        for c in centres where !all.contains(where: { $0.id == c.id }) { all.append(c) }
        let graph = try TravelGraph.build(
            network: network, scenario: scenario, places: all, metricCRS: dataset.metricCRS)
        try requireAttached(centres, graph)
        // One search per centre: its minutes to every node.
        let searches = centres.map { c -> ShortestPathSearch in
            let s = ShortestPathSearch(graph: graph)
            s.run(from: graph.node(of: c.id)!)
            return s
        }
        let size = centres.map { sizes.population[$0.id]! }
        func minutes(_ k: Int, _ node: Int32) -> Double { searches[k].seconds(to: node) / 60 }
        /// The centre of highest P / t^b at a node (a centre's own node is its own).
        func winner(_ node: Int32) -> Int? {
            var best: (Int, Double)?
            for k in centres.indices {
                let t = minutes(k, node)
                guard t.isFinite else { continue }
                let score = t > 0 ? size[k] / pow(t, b) : .infinity
                if best == nil || score > best!.1 { best = (k, score) }
            }
            return best?.0
        }
        let assignments = towns.map { town -> InfluenceResult.Assignment in
            guard let n = graph.node(of: town.id) else {
                return .init(town: town, centre: nil, minutes: nil, nearest: nil)
            }
            let w = winner(n)
            let nearest = centres.indices.filter { minutes($0, n).isFinite }.min { minutes($0, n) < minutes($1, n) }
            return .init(
                town: town, centre: w.map { centres[$0] }, minutes: w.map { minutes($0, n) },
                nearest: nearest.map { centres[$0] })
        }

        // The network split among the centres: a segment whose ends go to different centres
        // is cut where their scores are equal.
        let projection = try MetricProjection(crs: dataset.metricCRS)
        var pieces: [[[Coordinate]]] = Array(repeating: [], count: centres.count)
        let segments = graph.segments
        for s in segments.indices {
            let (u, v) = (segments.from[s], segments.to[s])
            guard let wu = winner(u) ?? winner(v) else { continue }
            let wv = winner(v) ?? wu
            let line = Array(segments.metricLine(s))
            let t = segments.time[s] / 60
            if wu == wv || t == 0 {
                pieces[wu].append(line)
                continue
            }
            // Along the segment at fraction x: wu's time tu + x·t, wv's time tv + (1 − x)·t.
            let r = pow(size[wu] / size[wv], 1 / b)
            let (tu, tv) = (minutes(wu, u), minutes(wv, v))
            let x = max(0, min(1, (r * (tv + t) - tu) / (t * (1 + r))))
            if x > 0 { pieces[wu].append(TravelGraph.cut(line, from: 0, to: x)) }
            if x < 1 { pieces[wv].append(TravelGraph.cut(line, from: x, to: 1)) }
        }
        let areas = try graph.partitionPolygons(
            pieces, bufferMetres: bufferMetres, quadrantSegments: 4, projection: projection)

        // Breaking points between Voronoi neighbours.
        var points: [InfluenceResult.BreakingPoint] = []
        for (i, j) in try voronoiNeighbours(centres, projection: projection) {
            let (a, bb) = (centres[i], centres[j])
            let target = graph.node(of: bb.id)!
            let total = searches[i].seconds(to: target)
            guard total.isFinite, let arcs = searches[i].arcs(to: target) else { continue }
            let dA = total / (1 + (size[j] / size[i]).squareRoot())
            points.append(
                .init(
                    a: a, b: bb, minutesAB: total / 60, minutesFromA: dA / 60,
                    location: try projection.unproject(.point(graph.metricPoint(along: arcs, atSeconds: dA)))
                        .allCoordinates[0]))
        }
        return InfluenceResult(
            centres: centres, assignments: assignments, breakingPoints: points, areas: areas, exponent: b, sizes: sizes,
            network: graph.description)
    }

    /// Pairs of places (indices, i < j) whose Voronoi cells share an edge.
    static func voronoiNeighbours(_ places: [Place], projection: MetricProjection) throws -> [(Int, Int)] {
        guard places.count >= 2 else { return [] }
        if places.count == 2 { return [(0, 1)] }
        let context = projection.context
        let points = try places.map { try projection.project($0.location!) }
        let envelope = try GEOSGeometry(.multiPoint(points), in: context).envelope().buffer(100_000)
        var cellOf: [Int: GEOSGeometry] = [:]
        for (k, cell) in try Voronoi.cells(of: points, envelope: envelope, context: context) { cellOf[k] = cell }
        var pairs: [(Int, Int)] = []
        for i in places.indices {
            for j in places.indices where j > i {
                guard let a = cellOf[i], let b = cellOf[j] else { continue }
                // Sharing an edge, not only a corner: the common boundary has length.
                if try a.intersection(b).length() > 1 { pairs.append((i, j)) }
            }
        }
        return pairs
    }
}

extension TravelGraph {
    /// The point reached `seconds` along a path of arcs (time runs evenly along a segment),
    /// in the graph's metric CRS.
    func metricPoint(along arcs: [Int32], atSeconds seconds: Double) -> Coordinate {
        var elapsed = 0.0
        for arc in arcs {
            let s = Int(adjacency.segment[Int(arc)])
            let t = segments.time[s]
            if elapsed + t >= seconds, t > 0 {
                var line = Array(segments.metricLine(s))
                if !adjacency.forward[Int(arc)] { line.reverse() }
                let cut = TravelGraph.cut(line, from: 0, to: (seconds - elapsed) / t)
                return cut.last ?? line[0]
            }
            elapsed += t
        }
        return metricCoordinate(ofNode: adjacency.target[Int(arcs.last!)])
    }
}
