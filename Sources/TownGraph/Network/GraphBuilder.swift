import Foundation
import GeoKit

/// Why a graph could not be built.
public enum GraphBuildError: Error, CustomStringConvertible, Equatable {
    case duplicatePlace(String)
    case emptyNetwork(String)

    public var description: String {
        switch self {
        case let .duplicatePlace(id): return "place id \"\(id)\" is used twice (a settlement and an interchange?); ids must be unique"
        case let .emptyNetwork(why): return "the network has no usable road in this scenario: \(why)"
        }
    }
}

extension TravelGraph {
    /// Builds the graph of `network` for a scenario (nil: existing links only; a year: also
    /// planned links due by then) and attaches `places`.
    ///
    /// - Lines are noded where they share endpoints or vertices; vertices closer than the
    ///   snap tolerance merge. Expressway (controlled-access) vertices merge only with other
    ///   expressway vertices, so a town on an expressway line cannot hop on: the expressway
    ///   and ordinary roads meet only through interchange ramps.
    /// - Lengths are measured in `metricCRS`, times are length × circuity / speed.
    /// - Each located place attaches to the nearest point of an attachable road (an STRtree
    ///   query) with an access leg at the access speed; one farther than the limit is reported
    ///   in ``GraphBuildReport/notAttached`` and left out. Interchanges are places at their
    ///   expressway node.
    public static func build(network: RoadNetwork, scenario: Int?, places: [Place], metricCRS: String) throws -> TravelGraph {
        var b = try Builder(network: network, scenario: scenario, metricCRS: metricCRS)
        return try b.run(places: places)
    }
}

private struct Builder {
    let network: RoadNetwork
    let scenario: Int?
    let options: NetworkOptions
    let projection: MetricProjection
    var report = GraphBuildReport()

    // Vertices of the included links, flattened.
    var links: [RoadLink] = []
    var linkStart: [Int] = []
    var wgs: [Coordinate] = []
    var metric: [Coordinate] = []
    var vertexCluster: [Int32] = []

    // Clusters (candidate nodes).
    var clusterMetric: [Coordinate] = []
    var clusterWGS: [Coordinate] = []
    var clusterExpressway: [Bool] = []
    var clusterUses: [Int32] = []
    var clusterIsNode: [Bool] = []

    // Segments.
    var segFrom: [Int32] = [], segTo: [Int32] = []
    var segLength: [Double] = [], segTime: [Double] = []
    var segKind: [Int16] = [], segLink: [Int32] = []
    var segOneway: [Bool] = []
    var segCoordStart: [Int32] = [], segCoordEnd: [Int32] = []
    var segCircuity: [Double] = [], segSpeed: [Double] = []
    var coords: [Coordinate] = []          // WGS84, per segment ranges
    var coordsMetric: [Coordinate] = []    // same ranges, metric
    var nodeLocation: [Coordinate] = []
    var nodeMetric: [Coordinate] = []
    var clusterNode: [Int32] = []

    init(network: RoadNetwork, scenario: Int?, metricCRS: String) throws {
        self.network = network
        self.scenario = scenario
        self.options = network.options
        self.projection = try MetricProjection(crs: metricCRS)
        report.scenario = scenario
    }

    mutating func run(places: [Place]) throws -> TravelGraph {
        var seen = Set<String>()
        for p in places where !seen.insert(p.id).inserted { throw GraphBuildError.duplicatePlace(p.id) }
        try collectLinks()
        clusterVertices()
        let interchangeNodes = matchInterchanges()
        buildRoadSegments()
        guard !segFrom.isEmpty else { throw GraphBuildError.emptyNetwork("every link was dropped") }
        addRamps(interchangeNodes)
        let placeNodes = try attach(places, interchangeNodes: interchangeNodes)
        return finish(placeNodes: placeNodes, interchangeNodes: interchangeNodes)
    }

    // MARK: Links and vertices

    mutating func collectLinks() throws {
        for link in network.links {
            guard link.status.isIncluded(inScenario: scenario) else { report.linksNotInScenario.append(link.id); continue }
            links.append(link)
        }
        guard !links.isEmpty else { throw GraphBuildError.emptyNetwork("no link is in this scenario") }
        for link in links {
            linkStart.append(wgs.count)
            wgs.append(contentsOf: link.coordinates)
        }
        linkStart.append(wgs.count)
        metric = try projection.project(.multiPoint(wgs)).allCoordinates
        report.linksUsed = links.count
    }

    mutating func newCluster(_ v: Int, expressway: Bool) -> Int32 {
        clusterMetric.append(metric[v]); clusterWGS.append(wgs[v])
        clusterExpressway.append(expressway); clusterUses.append(0); clusterIsNode.append(false)
        return Int32(clusterMetric.count - 1)
    }

    mutating func clusterVertices() {
        vertexCluster = [Int32](repeating: -1, count: wgs.count)
        let tol = options.snapToleranceMetres
        var exact: [Int: [Int32]] = [:]
        var grids = [PointGrid(cell: max(tol, 1)), PointGrid(cell: max(tol, 1))]
        var gridCluster: [[Int32]] = [[], []]
        for (li, link) in links.enumerated() {
            let express = options.separateExpresswayLayer && link.roadClass.controlledAccess
            var previous: Int32 = -1
            for v in linkStart[li]..<linkStart[li + 1] {
                var c: Int32
                if tol <= 0 {
                    var h = Hasher()
                    h.combine(express); h.combine(wgs[v].x.bitPattern); h.combine(wgs[v].y.bitPattern)
                    let key = h.finalize()
                    if let found = exact[key]?.first(where: { clusterWGS[Int($0)] == wgs[v] && clusterExpressway[Int($0)] == express }) {
                        c = found
                    } else {
                        c = newCluster(v, expressway: express)
                        exact[key, default: []].append(c)
                    }
                } else {
                    let layer = express ? 1 : 0
                    if let hit = grids[layer].nearest(x: metric[v].x, y: metric[v].y, within: tol) {
                        c = gridCluster[layer][Int(hit.index)]
                    } else {
                        c = newCluster(v, expressway: express)
                        _ = grids[layer].insert(x: metric[v].x, y: metric[v].y)
                        gridCluster[layer].append(c)
                    }
                }
                vertexCluster[v] = c
                // Count each link's visit once per run of repeated vertices.
                if c != previous { clusterUses[Int(c)] += 1 }
                previous = c
            }
            clusterIsNode[Int(vertexCluster[linkStart[li]])] = true
            clusterIsNode[Int(vertexCluster[linkStart[li + 1] - 1])] = true
        }
        for c in clusterUses.indices where clusterUses[c] >= 2 { clusterIsNode[c] = true }
    }

    /// For each interchange: its expressway cluster and, if any, its ordinary-road cluster.
    mutating func matchInterchanges() -> [String: (express: Int32, ordinary: Int32?, ramp: Double)] {
        var result: [String: (Int32, Int32?, Double)] = [:]
        let tol = options.interchangeToleranceMetres
        var grids = [PointGrid(cell: max(tol, 1)), PointGrid(cell: max(tol, 1))]
        var ids: [[Int32]] = [[], []]
        for c in clusterMetric.indices {
            let layer = clusterExpressway[c] ? 1 : 0
            _ = grids[layer].insert(x: clusterMetric[c].x, y: clusterMetric[c].y)
            ids[layer].append(Int32(c))
        }
        for ic in network.interchanges {
            guard ic.status.isIncluded(inScenario: scenario) else { continue }
            guard let p = try? projection.project(ic.location) else {
                report.interchangesDropped.append(.init(id: ic.id, reason: "cannot be projected")); continue
            }
            if !options.separateExpresswayLayer {
                // One layer: the interchange is the road node at its position; its ramps are
                // roads of the network.
                guard let hit = grids[0].nearest(x: p.x, y: p.y, within: tol) else {
                    report.interchangesDropped.append(.init(id: ic.id, reason: "no road vertex within \(JSONValue.format(tol)) m"))
                    continue
                }
                let c = ids[0][Int(hit.index)]
                clusterIsNode[Int(c)] = true
                result[ic.id] = (c, nil, 0)
                report.interchangesUsed += 1
                continue
            }
            guard let e = grids[1].nearest(x: p.x, y: p.y, within: tol) else {
                report.interchangesDropped.append(.init(id: ic.id, reason: "no expressway vertex within \(JSONValue.format(tol)) m"))
                continue
            }
            let express = ids[1][Int(e.index)]
            clusterIsNode[Int(express)] = true
            var ordinary: Int32?
            var ramp = 0.0
            if let o = grids[0].nearest(x: p.x, y: p.y, within: tol) {
                ordinary = ids[0][Int(o.index)]
                clusterIsNode[Int(ordinary!)] = true
                let a = clusterMetric[Int(express)], b = clusterMetric[Int(ordinary!)]
                ramp = hypot(a.x - b.x, a.y - b.y)
            } else {
                report.interchangesDropped.append(.init(id: ic.id, reason: "no ordinary road within \(JSONValue.format(tol)) m: the expressway cannot be entered here (kept as a destination)"))
            }
            result[ic.id] = (express, ordinary, ramp)
            report.interchangesUsed += 1
        }
        return result.mapValues { (express: $0.0, ordinary: $0.1, ramp: $0.2) }
    }

    mutating func node(forCluster c: Int32) -> Int32 {
        if clusterNode[Int(c)] >= 0 { return clusterNode[Int(c)] }
        let n = Int32(nodeLocation.count)
        nodeLocation.append(clusterWGS[Int(c)])
        nodeMetric.append(clusterMetric[Int(c)])
        clusterNode[Int(c)] = n
        return n
    }

    mutating func addSegment(from: Int32, to: Int32, length: Double, speedKmh: Double, circuity: Double, kind: Int16, link: Int32,
                             oneway: Bool, wgs: ArraySlice<Coordinate>, metric: ArraySlice<Coordinate>) {
        segFrom.append(from); segTo.append(to)
        segLength.append(length); segTime.append(length / (speedKmh / 3.6))
        segKind.append(kind); segLink.append(link); segOneway.append(oneway)
        segCircuity.append(circuity); segSpeed.append(speedKmh)
        segCoordStart.append(Int32(coords.count))
        coords.append(contentsOf: wgs); coordsMetric.append(contentsOf: metric)
        segCoordEnd.append(Int32(coords.count))
    }

    mutating func buildRoadSegments() {
        clusterNode = [Int32](repeating: -1, count: clusterMetric.count)
        let classIndex = Dictionary(network.classes.enumerated().map { ($1.id, Int16($0)) }, uniquingKeysWith: { a, _ in a })
        for (li, link) in links.enumerated() {
            let start = linkStart[li], end = linkStart[li + 1]
            var segStart = start
            var length = 0.0
            var pieces = 0
            for v in (start + 1)..<end {
                length += hypot(metric[v].x - metric[v - 1].x, metric[v].y - metric[v - 1].y)
                guard clusterIsNode[Int(vertexCluster[v])] else { continue }
                let a = vertexCluster[segStart], b = vertexCluster[v]
                if a == b && length == 0 { segStart = v; continue }
                let from = node(forCluster: a), to = node(forCluster: b)
                addSegment(from: from, to: to, length: length * link.circuity, speedKmh: link.effectiveSpeedKmh, circuity: link.circuity,
                           kind: classIndex[link.roadClass.id]!, link: Int32(li), oneway: link.oneway,
                           wgs: wgs[segStart...v], metric: metric[segStart...v])
                report.kilometresByClass[link.roadClass.id, default: 0] += length * link.circuity / 1000
                pieces += 1
                segStart = v
                length = 0
            }
            if pieces == 0 { report.linksDropped.append(.init(id: link.id, reason: "zero length after snapping")) }
        }
        report.roadSegments = segFrom.count
    }

    mutating func addRamps(_ interchanges: [String: (express: Int32, ordinary: Int32?, ramp: Double)]) {
        for (_, m) in interchanges.sorted(by: { $0.key < $1.key }) {
            guard let ordinary = m.ordinary else { continue }
            let a = node(forCluster: m.express), b = node(forCluster: ordinary)
            addSegment(from: b, to: a, length: m.ramp, speedKmh: options.rampSpeedKmh, circuity: 1, kind: TravelGraph.rampKind, link: -1,
                       oneway: false, wgs: [nodeLocation[Int(b)], nodeLocation[Int(a)]], metric: [nodeMetric[Int(b)], nodeMetric[Int(a)]])
        }
    }

    // MARK: Attaching places

    struct Snap {
        let place: Int
        let segment: Int
        let piece: Int          // index of the first coordinate of the piece within the segment
        let offset: Double      // geometric distance from the segment start, metres
        let point: Coordinate   // metric
        let distance: Double
    }

    /// The closest point of a segment's polyline to `p`.
    func closest(on seg: Int, to p: Coordinate) -> (distance: Double, piece: Int, offset: Double, point: Coordinate) {
        var best = (distance: Double.infinity, piece: 0, offset: 0.0, point: p)
        var along = 0.0
        let s = Int(segCoordStart[seg]), e = Int(segCoordEnd[seg])
        for i in s..<(e - 1) {
            let a = coordsMetric[i], b = coordsMetric[i + 1]
            let dx = b.x - a.x, dy = b.y - a.y
            let len2 = dx * dx + dy * dy
            let t = len2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0
            let q = Coordinate(x: a.x + t * dx, y: a.y + t * dy)
            let d = hypot(p.x - q.x, p.y - q.y)
            let len = len2.squareRoot()
            if d < best.distance { best = (d, i - s, along + t * len, q) }
            along += len
        }
        return best
    }

    mutating func attach(_ places: [Place], interchangeNodes: [String: (express: Int32, ordinary: Int32?, ramp: Double)]) throws -> [String: Int32] {
        var placeNodes: [String: Int32] = [:]
        var snaps: [Snap] = []
        let candidates = segFrom.indices.filter { i in segKind[i] >= 0 && network.classes[Int(segKind[i])].attachable }
        let context = projection.context
        let located = places.enumerated().filter { $0.element.location != nil && $0.element.kind != .interchange }
        if !located.isEmpty && candidates.isEmpty {
            for (_, p) in located { report.notAttached.append(.init(id: p.id, reason: "the network has no road a settlement may attach to")) }
        }
        var index: SpatialIndex?
        if !candidates.isEmpty && !located.isEmpty {
            let lines: [GEOSGeometry] = try candidates.map { i in
                try GEOSGeometry(.lineString(Array(coordsMetric[Int(segCoordStart[i])..<Int(segCoordEnd[i])])), in: context)
            }
            index = try SpatialIndex(lines, in: context)
        }
        for (pi, place) in places.enumerated() {
            if place.kind == .interchange {
                if let m = interchangeNodes[place.id] {
                    placeNodes[place.id] = node(forCluster: m.express)
                    report.attached.append(.init(placeId: place.id, snapMetres: 0, linkId: nil))
                } else {
                    report.notAttached.append(.init(id: place.id, reason: "interchange not on the network in this scenario"))
                }
                continue
            }
            guard let location = place.location else {
                report.notAttached.append(.init(id: place.id, reason: "not located")); continue
            }
            guard let index else { continue }
            let p = try projection.project(location)
            guard let hit = try index.nearest(to: GEOSGeometry(.point(p), in: context)) else { continue }
            let seg = candidates[hit]
            let c = closest(on: seg, to: p)
            if c.distance > options.maxAttachMetres {
                report.notAttached.append(.init(id: place.id, reason: String(format: "nearest road is %.1f km away (limit %.1f km)", c.distance / 1000, options.maxAttachMetres / 1000)))
                continue
            }
            snaps.append(Snap(place: pi, segment: seg, piece: c.piece, offset: c.offset, point: c.point, distance: c.distance))
        }
        // Split each segment at its snap points, in order along it.
        let bySegment = Dictionary(grouping: snaps, by: \.segment)
        for seg in bySegment.keys.sorted() {
            let list = bySegment[seg]!.sorted { ($0.offset, $0.place) < ($1.offset, $1.place) }
            let snapNodes = split(seg, at: list)
            for (snap, snapNode) in zip(list, snapNodes) {
                let place = places[snap.place]
                let pn = Int32(nodeLocation.count)
                nodeLocation.append(place.location!)
                nodeMetric.append(try projection.project(place.location!))
                addSegment(from: pn, to: snapNode, length: snap.distance, speedKmh: options.accessSpeedKmh, circuity: 1, kind: TravelGraph.accessKind,
                           link: -1, oneway: false, wgs: [place.location!, nodeLocation[Int(snapNode)]], metric: [nodeMetric[Int(pn)], nodeMetric[Int(snapNode)]])
                placeNodes[place.id] = pn
                report.attached.append(.init(placeId: place.id, snapMetres: snap.distance, linkId: links[Int(segLink[seg])].id))
            }
        }
        report.attached.sort { $0.placeId < $1.placeId }
        return placeNodes
    }

    /// Splits segment `seg` at the snaps (sorted by offset); returns the node at each snap.
    /// The original segment is rewritten as the first part; further parts are appended.
    mutating func split(_ seg: Int, at snaps: [Snap]) -> [Int32] {
        let s = Int(segCoordStart[seg]), e = Int(segCoordEnd[seg])
        let geometric = segLength[seg] / segCircuity[seg]
        let epsilon = 1e-6
        var nodes: [Int32] = []
        var cuts: [(offset: Double, piece: Int, point: Coordinate, node: Int32)] = []
        for snap in snaps {
            if snap.offset <= epsilon { nodes.append(segFrom[seg]); continue }
            if snap.offset >= geometric - epsilon { nodes.append(segTo[seg]); continue }
            if let last = cuts.last, abs(last.offset - snap.offset) <= epsilon { nodes.append(last.node); continue }
            let n = Int32(nodeLocation.count)
            nodeMetric.append(snap.point)
            nodeLocation.append((try? projection.unproject(.point(snap.point)).allCoordinates.first) ?? coords[s + snap.piece])
            cuts.append((snap.offset, snap.piece, snap.point, n))
            nodes.append(n)
        }
        guard !cuts.isEmpty else { return nodes }
        // Pieces of the polyline between consecutive cut points.
        let wgsAll = Array(coords[s..<e]), metricAll = Array(coordsMetric[s..<e])
        var boundaries: [(node: Int32, offset: Double, piece: Int, wgs: Coordinate, metric: Coordinate)] =
            [(segFrom[seg], 0, 0, wgsAll[0], metricAll[0])]
        for c in cuts { boundaries.append((c.node, c.offset, c.piece, nodeLocation[Int(c.node)], c.point)) }
        boundaries.append((segTo[seg], geometric, metricAll.count - 2, wgsAll.last!, metricAll.last!))
        let kind = segKind[seg], link = segLink[seg], oneway = segOneway[seg]
        let circuity = segCircuity[seg], speed = segSpeed[seg]
        for k in 0..<(boundaries.count - 1) {
            let a = boundaries[k], b = boundaries[k + 1]
            // Coordinates: the start point, the interior vertices between the two pieces, the end point.
            var w: [Coordinate] = [a.wgs], m: [Coordinate] = [a.metric]
            let firstInterior = k == 0 ? 1 : a.piece + 1
            let lastInterior = k == boundaries.count - 2 ? metricAll.count - 2 : b.piece
            if firstInterior <= lastInterior {
                w += wgsAll[firstInterior...lastInterior]; m += metricAll[firstInterior...lastInterior]
            }
            w.append(b.wgs); m.append(b.metric)
            let length = (b.offset - a.offset) * circuity
            if k == 0 {
                // Rewrite the original segment in place as the first part.
                segTo[seg] = b.node
                segLength[seg] = length
                segTime[seg] = length / (speed / 3.6)
                segCoordStart[seg] = Int32(coords.count)
                coords.append(contentsOf: w); coordsMetric.append(contentsOf: m)
                segCoordEnd[seg] = Int32(coords.count)
            } else {
                addSegment(from: a.node, to: b.node, length: length, speedKmh: speed, circuity: circuity, kind: kind, link: link,
                           oneway: oneway, wgs: w[...], metric: m[...])
            }
        }
        return nodes
    }

    // MARK: CSR and summary

    /// Renumbers nodes along a Z-order (Morton) curve of their positions, so that nodes near
    /// each other in space sit near each other in memory: Dijkstra then touches fewer cache
    /// lines. Returns the new number of each old node.
    mutating func renumberSpatially() -> [Int32] {
        let n = nodeMetric.count
        guard n > 1 else { return Array(0..<Int32(n)) }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in nodeMetric { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y) }
        let scale = 65535 / max(maxX - minX, maxY - minY, 1)
        func spread(_ v: UInt32) -> UInt64 {
            var x = UInt64(v) & 0xFFFF
            x = (x | (x << 8)) & 0x00FF_00FF
            x = (x | (x << 4)) & 0x0F0F_0F0F
            x = (x | (x << 2)) & 0x3333_3333
            x = (x | (x << 1)) & 0x5555_5555
            return x
        }
        let keys = nodeMetric.map { p in
            spread(UInt32((p.x - minX) * scale)) | (spread(UInt32((p.y - minY) * scale)) << 1)
        }
        let order = (0..<n).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var newNumber = [Int32](repeating: 0, count: n)
        for (new, old) in order.enumerated() { newNumber[old] = Int32(new) }
        nodeLocation = order.map { nodeLocation[$0] }
        nodeMetric = order.map { nodeMetric[$0] }
        for i in segFrom.indices { segFrom[i] = newNumber[Int(segFrom[i])]; segTo[i] = newNumber[Int(segTo[i])] }
        return newNumber
    }

    mutating func finish(placeNodes oldPlaceNodes: [String: Int32], interchangeNodes: [String: (express: Int32, ordinary: Int32?, ramp: Double)]) -> TravelGraph {
        let renumber = renumberSpatially()
        let placeNodes = oldPlaceNodes.mapValues { renumber[Int($0)] }
        let n = nodeLocation.count
        var degree = [Int32](repeating: 0, count: n + 1)
        for i in segFrom.indices {
            degree[Int(segFrom[i])] += 1
            if !segOneway[i] { degree[Int(segTo[i])] += 1 }
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        for u in 0..<n { offsets[u + 1] = offsets[u] + degree[u] }
        let m = Int(offsets[n])
        var target = [Int32](repeating: 0, count: m), time = [Double](repeating: 0, count: m)
        var segment = [Int32](repeating: 0, count: m), forward = [Bool](repeating: true, count: m)
        var fill = Array(offsets.prefix(n))
        for i in segFrom.indices {
            let u = Int(segFrom[i]), v = Int(segTo[i])
            var a = Int(fill[u]); fill[u] += 1
            target[a] = Int32(v); time[a] = segTime[i]; segment[a] = Int32(i); forward[a] = true
            if !segOneway[i] {
                a = Int(fill[v]); fill[v] += 1
                target[a] = Int32(u); time[a] = segTime[i]; segment[a] = Int32(i); forward[a] = false
            }
        }
        // Components ignoring direction (union-find over segments).
        var parent = Array(Int32(0)..<Int32(n))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x { parent[Int(x)] = parent[Int(parent[Int(x)])]; x = parent[Int(x)] }
            return x
        }
        var undirected = [Int32](repeating: 0, count: n)
        for i in segFrom.indices {
            let a = find(segFrom[i]), b = find(segTo[i])
            if a != b { parent[Int(a)] = b }
            if segKind[i] >= 0 { undirected[Int(segFrom[i])] += 1; undirected[Int(segTo[i])] += 1 }
        }
        var component = [Int32](repeating: 0, count: n)
        var sizes: [Int32: Int] = [:]
        for u in 0..<n { component[u] = find(Int32(u)); sizes[component[u], default: 0] += 1 }
        let special = Set(placeNodes.values).union(interchangeNodes.values.flatMap { m in
            ([m.express] + (m.ordinary.map { [$0] } ?? [])).map { renumber[Int(clusterNode[Int($0)])] }
        })
        report.danglingEnds = (0..<n).filter { undirected[$0] == 1 && !special.contains(Int32($0)) }.count
        report.nodes = n
        report.arcs = m
        report.components = sizes.count
        report.largestComponentNodes = sizes.values.max() ?? 0
        return TravelGraph(
            description: network.description, source: network.source, isModelled: network.isModelled, scenario: scenario,
            classes: network.classes, report: report, nodeCount: n, offsets: offsets, arcTarget: target, arcTime: time,
            arcSegment: segment, arcForward: forward, segFrom: segFrom, segTo: segTo, segOneway: segOneway, segLength: segLength, segTime: segTime, segKind: segKind, segLink: segLink,
            segCoordStart: segCoordStart, segCoordEnd: segCoordEnd, coords: coords, metricCoords: coordsMetric,
            metricCRS: projection.crs, linkIds: links.map(\.id),
            nodeLocation: nodeLocation, nodeComponent: component, placeNodes: placeNodes)
    }
}
