import GeoKit

/// The pieces of road a ``TravelGraph`` is made of: one row per segment, a polyline between
/// two graph nodes, kept as parallel columns (no object per segment). The polylines of all
/// segments share two coordinate stores, WGS84 and the graph's metric CRS, with the same
/// ranges.
public struct RoadSegments: Sendable {
    /// Segment kinds other than road classes (which are indices ≥ 0 into the classes).
    package static let accessKind: Int16 = -1
    package static let rampKind: Int16 = -2

    /// Segment ends: a segment runs from `from` to `to` (and back, unless `oneway`).
    package private(set) var from: [Int32] = []
    package private(set) var to: [Int32] = []
    package private(set) var oneway: [Bool] = []
    /// Metres along the road (circuity included) and seconds to drive them.
    package private(set) var length: [Double] = []
    package private(set) var time: [Double] = []
    /// A road class index, or ``accessKind`` / ``rampKind``.
    package private(set) var kind: [Int16] = []
    /// The index of the network link the segment comes from (-1 for access legs and ramps).
    package private(set) var link: [Int32] = []
    package private(set) var circuity: [Double] = []
    package private(set) var speedKmh: [Double] = []
    /// Each segment's polyline: `wgs[coordStart[s]..<coordEnd[s]]`, and the same in `metric`.
    package private(set) var coordStart: [Int32] = []
    package private(set) var coordEnd: [Int32] = []
    package private(set) var wgs: [Coordinate] = []
    package private(set) var metric: [Coordinate] = []

    package init() {}

    public var count: Int { from.count }
    package var indices: Range<Int> { from.indices }

    package func wgsLine(_ s: Int) -> ArraySlice<Coordinate> { wgs[Int(coordStart[s])..<Int(coordEnd[s])] }
    package func metricLine(_ s: Int) -> ArraySlice<Coordinate> { metric[Int(coordStart[s])..<Int(coordEnd[s])] }

    /// Adds a segment; its time is `length` at `speedKmh`.
    package mutating func append(
        from a: Int32, to b: Int32, length: Double, speedKmh: Double, circuity: Double, kind: Int16, link: Int32,
        oneway: Bool, wgs: ArraySlice<Coordinate>, metric: ArraySlice<Coordinate>
    ) {
        from.append(a)
        to.append(b)
        self.length.append(length)
        time.append(length / (speedKmh / 3.6))
        self.kind.append(kind)
        self.link.append(link)
        self.oneway.append(oneway)
        self.circuity.append(circuity)
        self.speedKmh.append(speedKmh)
        coordStart.append(Int32(self.wgs.count))
        self.wgs.append(contentsOf: wgs)
        self.metric.append(contentsOf: metric)
        coordEnd.append(Int32(self.wgs.count))
    }

    /// Rewrites segment `s` to end at `b` with a new polyline and length (when a place's
    /// access leg splits it).
    package mutating func shorten(
        _ s: Int, to b: Int32, length: Double, wgs: [Coordinate], metric: [Coordinate]
    ) {
        to[s] = b
        self.length[s] = length
        time[s] = length / (speedKmh[s] / 3.6)
        coordStart[s] = Int32(self.wgs.count)
        self.wgs.append(contentsOf: wgs)
        self.metric.append(contentsOf: metric)
        coordEnd[s] = Int32(self.wgs.count)
    }

    /// Gives every segment end its new node number.
    package mutating func renumberNodes(_ newNumber: [Int32]) {
        for i in from.indices {
            from[i] = newNumber[Int(from[i])]
            to[i] = newNumber[Int(to[i])]
        }
    }
}
