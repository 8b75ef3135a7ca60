import Foundation
import GeoKit
import TownGraphModel

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
                shape = try GEOSGeometry(.multiPoint(points), in: context).convexHull().buffer(
                    bufferKm * 1000, quadrantSegments: 8)
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
