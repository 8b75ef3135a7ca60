import Foundation
import GeoKit

/// An element of the plan's spatial layout: an area (一心, a wing) drawn around its member
/// units, or an axis (发展轴) drawn through them in order.
public struct LayoutElement: Sendable, Identifiable {
    public enum Kind: String, Sendable { case area, axis }
    public let id: String
    public let nameZh: String
    public let kind: Kind
    /// Located member units, in the plan's order.
    public let members: [Place]
    public let planSentence: String?
    /// How the element was drawn from the plan's words.
    public let note: String?
}

/// The plan's layout (一心两翼 and its axes) as data.
public struct SpatialLayout: Sendable {
    /// Areas are the convex hull of their members' points widened by this many kilometres.
    public let bufferKm: Double
    public let patternSentence: String?
    public let elements: [LayoutElement]
}

/// Which settlements fall in each layout element.
public struct LayoutReport: Sendable {
    public struct Row: Sendable {
        public let element: LayoutElement
        /// WGS84 polygon (area) or line (axis).
        public let geometry: Geometry
        /// Settlements inside the area, or within the distance of the axis, with their
        /// distance to it in metres (0 inside an area).
        public let settlements: [(Settlement, Double)]
    }
    public let axisDistanceKm: Double
    public let rows: [Row]
}

extension SpatialLayout {
    /// Draws each element and lists the settlements in it (areas) or within `axisDistanceKm`
    /// of it (axes), measured in the dataset's metric CRS.
    public func report(for dataset: Dataset, axisDistanceKm: Double) throws -> LayoutReport {
        let projection = try MetricProjection(crs: dataset.metricCRS)
        let context = projection.context
        var rows: [LayoutReport.Row] = []
        for e in elements {
            let points = try e.members.map { try projection.project($0.location!) }
            let shape: GEOSGeometry
            switch e.kind {
            case .area:
                shape = try GEOSGeometry(.multiPoint(points), in: context).convexHull().buffer(bufferKm * 1000, quadrantSegments: 8)
            case .axis:
                shape = try GEOSGeometry(.lineString(points), in: context)
            }
            var inside: [(Settlement, Double)] = []
            for s in dataset.settlements {
                guard let loc = s.location else { continue }
                let p = try GEOSGeometry(.point(try projection.project(loc)), in: context)
                let d = try shape.distance(to: p)
                if e.kind == .area ? d == 0 : d <= axisDistanceKm * 1000 { inside.append((s, d)) }
            }
            rows.append(.init(element: e, geometry: try projection.unproject(shape.value()), settlements: inside))
        }
        return LayoutReport(axisDistanceKm: axisDistanceKm, rows: rows)
    }
}
