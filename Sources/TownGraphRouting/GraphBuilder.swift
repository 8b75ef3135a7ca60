import Foundation
import GeoKit
import JSONKit
import TownGraphModel

extension TravelGraph {
    /// Builds the graph of `network` for a scenario (nil: existing links only; a year: also
    /// planned links due by then) and attaches `places`.
    ///
    /// - Lines are noded where they share endpoints or vertices; vertices closer than the
    ///   snap tolerance merge. Expressway (controlled-access) vertices merge only with other
    ///   expressway vertices, so a town on an expressway line cannot hop on: the expressway
    ///   and ordinary roads meet only through interchange ramps.
    /// - Lengths are measured in `metricCRS`, times are length × circuity / speed.
    /// - Each located place attaches to the nearest point of an attachable road (a grid
    ///   search, ``SegmentGrid``; among roads equally near, as where several meet at the
    ///   place, the one earliest in the network) with an access leg at the access speed; one farther than the limit is reported
    ///   in ``GraphBuildReport/notAttached`` and left out. Interchanges are places at their
    ///   expressway node.
    public static func build(
        network: RoadNetwork, scenario: Int?, places: [Place], metricCRS: String, engine: RoutingEngine = .auto,
        orderStore: (any HierarchyOrderStore)? = nil
    ) throws -> TravelGraph {
        var b = try GraphBuilder(network: network, scenario: scenario, metricCRS: metricCRS)
        b.engine = engine
        b.orderStore = orderStore
        return try b.run(places: places)
    }
}

struct GraphBuilder {
    let network: RoadNetwork
    let scenario: Int?
    let options: NetworkOptions
    let projection: MetricProjection
    var report = GraphBuildReport()
    var engine = RoutingEngine.auto
    var orderStore: (any HierarchyOrderStore)?

    /// The links in the scenario, as indices into the network's: a copy of each link's
    /// value (some 200 bytes) would cost 360 MB on a million-node network.
    var included: [Int32] = []
    var links: IncludedLinks { IncludedLinks(all: network.links, index: included) }
    // Vertices of the included links, flattened.
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

    // Segments and nodes.
    var segments = RoadSegments()
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
        guard segments.count > 0 else { throw GraphBuildError.emptyNetwork("every link was dropped") }
        addRamps(interchangeNodes)
        let placeNodes = try attach(places, interchangeNodes: interchangeNodes)
        return finish(placeNodes: placeNodes, interchangeNodes: interchangeNodes)
    }

    // MARK: Links and vertices

    mutating func collectLinks() throws {
        for (i, link) in network.links.enumerated() {
            guard link.status.isIncluded(inScenario: scenario) else {
                report.linksNotInScenario.append(link.id)
                continue
            }
            included.append(Int32(i))
        }
        guard !links.isEmpty else { throw GraphBuildError.emptyNetwork("no link is in this scenario") }
        let crs = projection.referenceSystem
        for link in links {
            if let worst = link.coordinates.compactMap({ crs.degreesOutsideAreaOfUse($0) }).max(),
                worst > MetricCRS.usableMarginDegrees
            {
                throw GraphBuildError.outsideMetricCRS(
                    link: link.id, featureIndex: link.featureIndex, degrees: worst,
                    crs: "\(projection.crs) (\(crs.name))")
            }
            linkStart.append(wgs.count)
            wgs.append(contentsOf: link.coordinates)
        }
        linkStart.append(wgs.count)
        metric = try projection.project(.multiPoint(wgs)).allCoordinates
        report.linksUsed = links.count
    }

    mutating func newCluster(_ v: Int, expressway: Bool) -> Int32 {
        clusterMetric.append(metric[v])
        clusterWGS.append(wgs[v])
        clusterExpressway.append(expressway)
        clusterUses.append(0)
        clusterIsNode.append(false)
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
                    h.combine(express)
                    h.combine(wgs[v].x.bitPattern)
                    h.combine(wgs[v].y.bitPattern)
                    let key = h.finalize()
                    if let found = exact[key]?.first(where: {
                        clusterWGS[Int($0)] == wgs[v] && clusterExpressway[Int($0)] == express
                    }) {
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

    mutating func node(forCluster c: Int32) -> Int32 {
        if clusterNode[Int(c)] >= 0 { return clusterNode[Int(c)] }
        let n = Int32(nodeLocation.count)
        nodeLocation.append(clusterWGS[Int(c)])
        nodeMetric.append(clusterMetric[Int(c)])
        clusterNode[Int(c)] = n
        return n
    }

    mutating func buildRoadSegments() {
        clusterNode = [Int32](repeating: -1, count: clusterMetric.count)
        let classIndex = Dictionary(
            network.classes.enumerated().map { ($1.id, Int16($0)) }, uniquingKeysWith: { a, _ in a })
        for (li, link) in links.enumerated() {
            let start = linkStart[li]
            let end = linkStart[li + 1]
            var segStart = start
            var length = 0.0
            var pieces = 0
            for v in (start + 1)..<end {
                length += hypot(metric[v].x - metric[v - 1].x, metric[v].y - metric[v - 1].y)
                guard clusterIsNode[Int(vertexCluster[v])] else { continue }
                let a = vertexCluster[segStart]
                let b = vertexCluster[v]
                if a == b && length == 0 {
                    segStart = v
                    continue
                }
                let from = node(forCluster: a)
                let to = node(forCluster: b)
                segments.append(
                    from: from, to: to, length: length * link.circuity, speedKmh: link.effectiveSpeedKmh,
                    circuity: link.circuity,
                    kind: classIndex[link.roadClass.id]!, link: Int32(li), oneway: link.oneway,
                    wgs: wgs[segStart...v], metric: metric[segStart...v])
                report.kilometresByClass[link.roadClass.id, default: 0] += length * link.circuity / 1000
                pieces += 1
                segStart = v
                length = 0
            }
            if pieces == 0 { report.linksDropped.append(.init(id: link.id, reason: "zero length after snapping")) }
        }
        report.roadSegments = segments.count
    }

    // MARK: Finishing

    mutating func finish(
        placeNodes oldPlaceNodes: [String: Int32],
        interchangeNodes: [String: (express: Int32, ordinary: Int32?, ramp: Double)]
    ) -> TravelGraph {
        // Nodes near each other in space sit near each other in memory: searches then touch
        // fewer cache lines.
        let order = SpatialOrder.zOrder(nodeMetric)
        var renumber = [Int32](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { renumber[old] = Int32(new) }
        nodeLocation = order.map { nodeLocation[$0] }
        nodeMetric = order.map { nodeMetric[$0] }
        segments.renumberNodes(renumber)
        let placeNodes = oldPlaceNodes.mapValues { renumber[Int($0)] }
        let n = nodeLocation.count
        // Components ignoring direction, and dead ends of roads.
        var sets = UnionFind(count: n)
        var roadDegree = [Int32](repeating: 0, count: n)
        for i in segments.indices {
            sets.union(segments.from[i], segments.to[i])
            if segments.kind[i] >= 0 {
                roadDegree[Int(segments.from[i])] += 1
                roadDegree[Int(segments.to[i])] += 1
            }
        }
        var component = [Int32](repeating: 0, count: n)
        var sizes: [Int32: Int] = [:]
        for u in 0..<n {
            component[u] = sets.find(Int32(u))
            sizes[component[u], default: 0] += 1
        }
        let special = Set(placeNodes.values).union(
            interchangeNodes.values.flatMap { m in
                ([m.express] + (m.ordinary.map { [$0] } ?? [])).map { renumber[Int(clusterNode[Int($0)])] }
            })
        report.danglingEnds = (0..<n).filter { roadDegree[$0] == 1 && !special.contains(Int32($0)) }.count
        report.nodes = n
        report.arcs = segments.indices.reduce(0) { $0 + (segments.oneway[$1] ? 1 : 2) }
        report.components = sizes.count
        report.largestComponentNodes = sizes.values.max() ?? 0
        let graph = TravelGraph(
            network: network, scenario: scenario, report: report, segments: segments, metricCRS: projection.crs,
            nodeLocation: nodeLocation, nodeComponent: component, placeNodes: placeNodes, engine: engine,
            orderStore: orderStore)
        return graph
    }
}

/// Some of a network's links, by index, without copying them.
struct IncludedLinks: RandomAccessCollection {
    let all: [RoadLink]
    let index: [Int32]

    var startIndex: Int { 0 }
    var endIndex: Int { index.count }
    subscript(i: Int) -> RoadLink { all[Int(index[i])] }
}
