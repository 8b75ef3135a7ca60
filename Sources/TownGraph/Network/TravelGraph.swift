import Foundation
import GeoKit

/// What building a graph did, for the user to inspect (OSMnx-style: every step visible).
public struct GraphBuildReport: Sendable {
    public struct Attachment: Sendable, Hashable {
        public let placeId: String
        /// Distance from the place to its attachment point, metres (0 for interchanges).
        public let snapMetres: Double
        /// The road link it attached to (nil for interchanges, which sit on the expressway).
        public let linkId: String?
    }
    public struct Rejection: Sendable, Hashable {
        public let id: String
        public let reason: String
    }

    public var scenario: Int?
    public var linksUsed = 0
    /// Planned links left out because their year is after the scenario (or no scenario).
    public var linksNotInScenario: [String] = []
    public var linksDropped: [Rejection] = []
    public var nodes = 0
    public var arcs = 0
    public var roadSegments = 0
    public var components = 0
    public var largestComponentNodes = 0
    /// Road nodes touched by one road segment only (dead ends), places excluded.
    public var danglingEnds = 0
    public var interchangesUsed = 0
    public var interchangesDropped: [Rejection] = []
    public var attached: [Attachment] = []
    public var notAttached: [Rejection] = []
    /// Total road length (km, including circuity) per road class id.
    public var kilometresByClass: [String: Double] = [:]
}

/// A routable graph built once from a ``RoadNetwork`` for one scenario, with places attached,
/// then queried many times. Storage is compact adjacency arrays (CSR): no object per edge.
///
/// Immutable after building, so one graph can be shared by many threads; each thread uses
/// its own ``ShortestPathSearch``.
public final class TravelGraph: Sendable {
    /// Segment kinds other than road classes (which are indices ≥ 0 into `classes`).
    static let accessKind: Int16 = -1
    static let rampKind: Int16 = -2

    public let description: String
    public let source: String
    public let isModelled: Bool
    public let scenario: Int?
    public let classes: [RoadClass]
    public let report: GraphBuildReport

    public let nodeCount: Int
    let offsets: [Int32]
    let arcTarget: [Int32]
    let arcTime: [Double]
    /// Segment of each arc, and whether the arc runs along it (else against it).
    let arcSegment: [Int32]
    let arcForward: [Bool]

    /// Segment ends (a segment runs from `segFrom` to `segTo`), and whether it is one-way.
    let segFrom: [Int32]
    let segTo: [Int32]
    let segOneway: [Bool]
    let segLength: [Double]
    let segTime: [Double]
    let segKind: [Int16]
    let segLink: [Int32]
    let segCoordStart: [Int32]
    let segCoordEnd: [Int32]
    let coords: [Coordinate]
    /// The same coordinates in the metric CRS (for lengths, isochrones and buffers).
    let metricCoords: [Coordinate]
    /// The CRS `metricCoords` are in.
    public let metricCRS: String
    let linkIds: [String]
    let nodeLocation: [Coordinate]
    let nodeComponent: [Int32]

    /// The graph node of each attached place (settlements, constituents, interchanges).
    public let placeNodes: [String: Int32]

    init(description: String, source: String, isModelled: Bool, scenario: Int?, classes: [RoadClass], report: GraphBuildReport,
         nodeCount: Int, offsets: [Int32], arcTarget: [Int32], arcTime: [Double], arcSegment: [Int32], arcForward: [Bool],
         segFrom: [Int32], segTo: [Int32], segOneway: [Bool], segLength: [Double], segTime: [Double], segKind: [Int16], segLink: [Int32], segCoordStart: [Int32], segCoordEnd: [Int32],
         coords: [Coordinate], metricCoords: [Coordinate], metricCRS: String, linkIds: [String], nodeLocation: [Coordinate], nodeComponent: [Int32], placeNodes: [String: Int32]) {
        self.description = description; self.source = source; self.isModelled = isModelled; self.scenario = scenario
        self.classes = classes; self.report = report; self.nodeCount = nodeCount; self.offsets = offsets
        self.arcTarget = arcTarget; self.arcTime = arcTime; self.arcSegment = arcSegment; self.arcForward = arcForward
        self.segFrom = segFrom; self.segTo = segTo; self.segOneway = segOneway
        self.segLength = segLength; self.segTime = segTime; self.segKind = segKind; self.segLink = segLink
        self.segCoordStart = segCoordStart; self.segCoordEnd = segCoordEnd; self.coords = coords; self.metricCoords = metricCoords; self.metricCRS = metricCRS; self.linkIds = linkIds
        self.nodeLocation = nodeLocation; self.nodeComponent = nodeComponent; self.placeNodes = placeNodes
    }

    public var arcCount: Int { arcTarget.count }

    /// Every arc as (from, to, seconds), for inspection and for cross-checks against other
    /// implementations.
    public func arcs() -> [(from: Int32, to: Int32, seconds: Double)] {
        var out: [(Int32, Int32, Double)] = []
        out.reserveCapacity(arcTarget.count)
        for u in 0..<nodeCount {
            for a in Int(offsets[u])..<Int(offsets[u + 1]) { out.append((Int32(u), arcTarget[a], arcTime[a])) }
        }
        return out
    }

    /// Whether two nodes lie in the same connected component (ignoring direction).
    public func connected(_ a: Int32, _ b: Int32) -> Bool { nodeComponent[Int(a)] == nodeComponent[Int(b)] }

    public func location(ofNode node: Int32) -> Coordinate { nodeLocation[Int(node)] }

    /// The name of a segment's kind: a road class id, "access" or "ramp".
    func kindName(_ kind: Int16) -> String {
        switch kind {
        case TravelGraph.accessKind: return "access"
        case TravelGraph.rampKind: return "ramp"
        default: return classes[Int(kind)].id
        }
    }
}
