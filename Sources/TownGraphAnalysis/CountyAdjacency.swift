import Foundation
import GeoKit
import TownGraphModel

/// Which county-level units are neighbours: their boundaries run together for at least a
/// stated length (a shared corner point does not make neighbours). Boundaries from different
/// sources rarely coincide exactly, so a boundary counts as shared where it lies within
/// `toleranceMetres` of the other unit.
public struct CountyAdjacency: Sendable {
    /// Shared boundary length in kilometres for each neighbouring pair (ids sorted).
    public let sharedKm: [String: Double]
    public let minimumKm: Double

    static func key(_ a: String, _ b: String) -> String { a < b ? "\(a)|\(b)" : "\(b)|\(a)" }

    public init(counties: [County], metricCRS: String, minimumKm: Double = 1, toleranceMetres: Double = 200) throws {
        let projection = try MetricProjection(crs: metricCRS)
        let shapes = try counties.map { try projection.projected($0.boundary) }
        let rings = try shapes.map { try $0.boundary() }
        let widened = try shapes.map { try $0.buffer(toleranceMetres, quadrantSegments: 2) }
        var shared: [String: Double] = [:]
        for i in counties.indices {
            for j in counties.indices where j > i {
                guard try widened[i].intersects(widened[j]) else { continue }
                let length = try rings[i].intersection(widened[j]).length() / 1000
                if length >= minimumKm { shared[CountyAdjacency.key(counties[i].id, counties[j].id)] = length }
            }
        }
        sharedKm = shared
        self.minimumKm = minimumKm
    }

    public func adjacent(_ a: String, _ b: String) -> Bool { a != b && sharedKm[CountyAdjacency.key(a, b)] != nil }
}
