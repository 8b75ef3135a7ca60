import Foundation
import GeoKit
import TownGraphModel

/// A routable graph built once from a ``RoadNetwork`` for one scenario, with places attached,
/// then queried many times. Storage is compact adjacency arrays (CSR): no object per edge.
///
/// Immutable after building, so one graph can be shared by many threads; each thread uses
/// its own ``ShortestPathSearch``.
public final class TravelGraph: Sendable {
    /// The network's ``RoadNetwork/label``: its name and what it is.
    public let description: String
    public let source: String
    /// The credit the network's data asks for (OpenStreetMap…), if any.
    public let credit: String?
    public let isModelled: Bool
    public let scenario: Int?
    public let classes: [RoadClass]
    public let report: GraphBuildReport

    public let nodeCount: Int
    /// The roads, access legs and ramps, with their polylines.
    package let segments: RoadSegments
    /// The arcs each node leaves by.
    package let adjacency: Adjacency
    /// The CRS of the segments' metric polylines.
    public let metricCRS: String
    /// Ids of the network links, by the segments' `link` index.
    package let linkIds: [String]
    package let nodeLocation: [Coordinate]
    /// The connected component (ignoring direction) of each node.
    package let nodeComponent: [Int32]

    /// The graph node of each attached place (settlements, constituents, interchanges).
    public let placeNodes: [String: Int32]
    /// Which search answers travel-time tables (``RoutingEngine``).
    public let engine: RoutingEngine
    /// Where the hierarchy's order is kept between runs, if anywhere.
    public let orderStore: (any HierarchyOrderStore)?
    /// The contraction hierarchy and its customization for the graph's own times, built on
    /// first use.
    package let hierarchyCache = HierarchyCache()

    package init(
        network: RoadNetwork, scenario: Int?, report: GraphBuildReport, segments: RoadSegments, metricCRS: String,
        nodeLocation: [Coordinate], nodeComponent: [Int32], placeNodes: [String: Int32],
        engine: RoutingEngine = .auto, orderStore: (any HierarchyOrderStore)? = nil
    ) {
        self.engine = engine
        self.orderStore = orderStore
        description = network.label
        source = network.source
        credit = network.credit
        isModelled = network.isModelled
        self.scenario = scenario
        classes = network.classes
        self.report = report
        nodeCount = nodeLocation.count
        self.segments = segments
        adjacency = Adjacency(nodeCount: nodeLocation.count, segments: segments)
        self.metricCRS = metricCRS
        linkIds = Array(network.links.lazy.filter { $0.status.isIncluded(inScenario: scenario) }.map(\.id))
        self.nodeLocation = nodeLocation
        self.nodeComponent = nodeComponent
        self.placeNodes = placeNodes
    }

    public var arcCount: Int { adjacency.arcCount }

    /// Every arc as (from, to, seconds), for inspection and for cross-checks against other
    /// implementations.
    public func arcs() -> [(from: Int32, to: Int32, seconds: Double)] {
        var out: [(Int32, Int32, Double)] = []
        out.reserveCapacity(adjacency.arcCount)
        for u in 0..<nodeCount {
            for a in Int(adjacency.offsets[u])..<Int(adjacency.offsets[u + 1]) {
                out.append((Int32(u), adjacency.target[a], adjacency.time[a]))
            }
        }
        return out
    }

    /// Whether two nodes lie in the same connected component (ignoring direction).
    public func connected(_ a: Int32, _ b: Int32) -> Bool { nodeComponent[Int(a)] == nodeComponent[Int(b)] }

    public func location(ofNode node: Int32) -> Coordinate { nodeLocation[Int(node)] }

    /// A node's position in the metric CRS: the start or end of one of its segments.
    package func metricCoordinate(ofNode n: Int32) -> Coordinate {
        let a = Int(adjacency.offsets[Int(n)])
        if a < Int(adjacency.offsets[Int(n) + 1]) {
            let line = segments.metricLine(Int(adjacency.segment[a]))
            return adjacency.forward[a] ? line.first! : line.last!
        }
        return (try? MetricProjection(crs: metricCRS).project(nodeLocation[Int(n)])) ?? Coordinate(x: 0, y: 0)
    }

    /// The name of a segment's kind: a road class id, "access" or "ramp".
    package func kindName(_ kind: Int16) -> String {
        switch kind {
        case RoadSegments.accessKind: return "access"
        case RoadSegments.rampKind: return "ramp"
        default: return classes[Int(kind)].id
        }
    }
}
