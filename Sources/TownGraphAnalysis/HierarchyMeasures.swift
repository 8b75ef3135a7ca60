import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// Measures of the settlement hierarchy from the plan's population bands (band midpoints,
/// with the band stated beside each), the pattern of points, and travel times.
public struct HierarchyMeasures: Sendable {
    /// Rank-size (Zipf) fit ln(rank − ½) = a − b·ln(size), the Gabaix–Ibragimov correction.
    public struct RankSize: Sendable {
        public let exponent: Double
        /// Gabaix–Ibragimov standard error, b·√(2/n).
        public let standardError: Double
        public let intercept: Double
        public let count: Int
    }
    /// Clark–Evans nearest-neighbour index: R < 1 clustered, ≈ 1 random, > 1 dispersed.
    public struct NearestNeighbour: Sendable {
        public let observedMeanMetres: Double
        public let expectedMeanMetres: Double
        public let areaKm2: Double
        public let count: Int
        public var r: Double { observedMeanMetres / expectedMeanMetres }
    }
    public struct LevelAccess: Sendable {
        public let level: Level
        public let above: Level
        /// Mean minutes from each unit of `level` to its nearest unit of `above`.
        public let meanMinutes: Double?
        public let units: Int
        public let unreachable: Int
    }

    /// (settlement, midpoint, band) in descending size, ties in dataset order.
    public let sizes: [(Settlement, Double)]
    public let rankSize: RankSize?
    /// P1/P2, P1/(P2+P3+P4), P1/(P2+…+P11) where there are enough units.
    public let primacy: (twoCity: Double?, fourCity: Double?, elevenCity: Double?)
    public let nearestNeighbour: NearestNeighbour?
    public let levelAccess: [LevelAccess]

    public static func fitRankSize(_ sizes: [Double]) -> RankSize? {
        let s = sizes.filter { $0 > 0 }.sorted(by: >)
        guard s.count >= 3 else { return nil }
        let xs = s.map { log($0) }
        let ys = s.indices.map { log(Double($0 + 1) - 0.5) }
        let mx = xs.reduce(0, +) / Double(xs.count)
        let my = ys.reduce(0, +) / Double(ys.count)
        let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let slope = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
        let b = -slope
        return RankSize(
            exponent: b, standardError: b * (2 / Double(s.count)).squareRoot(), intercept: my - slope * mx,
            count: s.count)
    }

    public static func primacy(_ sizes: [Double]) -> (Double?, Double?, Double?) {
        let s = sizes.sorted(by: >)
        func ratio(_ k: Int) -> Double? {
            guard s.count > k else { return nil }
            let rest = s[1...k].reduce(0, +)
            return rest > 0 ? s[0] / rest : nil
        }
        return (ratio(1), ratio(3), ratio(10))
    }

    /// Clark–Evans R of points (metric CRS) in a region of `areaSquareMetres`.
    public static func clarkEvans(_ points: [Coordinate], areaSquareMetres: Double) -> NearestNeighbour? {
        guard points.count >= 2, areaSquareMetres > 0 else { return nil }
        var total = 0.0
        for (i, p) in points.enumerated() {
            var best = Double.infinity
            for (j, q) in points.enumerated() where j != i { best = min(best, hypot(p.x - q.x, p.y - q.y)) }
            total += best
        }
        let density = Double(points.count) / areaSquareMetres
        return NearestNeighbour(
            observedMeanMetres: total / Double(points.count), expectedMeanMetres: 0.5 / density.squareRoot(),
            areaKm2: areaSquareMetres / 1e6, count: points.count)
    }

    /// Computes every measure; travel-time ones need a graph with the settlements attached.
    public init(dataset: Dataset, graph: TravelGraph?) throws {
        let banded = dataset.settlements.compactMap { s in s.population?.midpoint.map { (s, $0) } }
        sizes = banded.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element)
        rankSize = HierarchyMeasures.fitRankSize(sizes.map(\.1))
        primacy = HierarchyMeasures.primacy(sizes.map(\.1))
        let projection = try MetricProjection(crs: dataset.metricCRS)
        if !dataset.counties.isEmpty {
            var area = 0.0
            for c in dataset.counties { area += try projection.areaSquareMetres(c.boundary) }
            let points = try dataset.settlements.compactMap(\.location).map { try projection.project($0) }
            nearestNeighbour = HierarchyMeasures.clarkEvans(points, areaSquareMetres: area)
        } else {
            nearestNeighbour = nil
        }
        var access: [LevelAccess] = []
        if let graph {
            for (above, level) in zip(dataset.levels, dataset.levels.dropFirst()) {
                let units = dataset.settlements.filter { $0.level.id == level.id }
                let targets = dataset.settlements.filter { $0.level.id == above.id }.compactMap {
                    graph.node(of: $0.id)
                }
                let origins = units.compactMap { graph.node(of: $0.id) }
                guard !targets.isEmpty, !origins.isEmpty else {
                    access.append(
                        LevelAccess(level: level, above: above, meanMinutes: nil, units: units.count, unreachable: 0))
                    continue
                }
                let best = graph.travelTimes(from: origins, to: targets).map { $0.min() ?? .infinity }
                let finite = best.filter(\.isFinite)
                access.append(
                    LevelAccess(
                        level: level, above: above,
                        meanMinutes: finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count) / 60,
                        units: origins.count, unreachable: best.count - finite.count))
            }
        }
        levelAccess = access
    }
}
