import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// How the distance between two towns is measured in a linkage or accessibility analysis.
public enum Separation: String, Sendable, CaseIterable {
    /// Travel time on the network, in minutes.
    case time
    /// Straight-line distance in the dataset's metric CRS, in kilometres (the usual practice
    /// in plans, kept for comparison).
    case straight

    public var unit: String { self == .time ? "min" : "km" }
}

/// The sizes the gravity analyses weigh towns by: population P from the plan's population
/// bands (a band's midpoint; a band open below runs from 0, one open above stands at its
/// minimum, see ``PopulationBand/midpoint``) and an economic size G from a declared
/// attribute, or 1 when none is chosen. What was used is echoed in every output.
public struct TownSizes: Sendable {
    /// Population by settlement id (towns without a band are left out).
    public let population: [String: Double]
    /// Economic size by settlement id; nil when no attribute is chosen (G = 1).
    public let economic: [String: Double]?
    /// How the sizes were made, for the output.
    public let note: String

    public init(dataset: Dataset, economicAttribute: String?) throws {
        var population: [String: Double] = [:]
        for s in dataset.settlements {
            if let m = s.population?.midpoint { population[s.id] = m }
        }
        self.population = population
        var note = "P: the midpoints of the plan's population bands"
        if let attribute = economicAttribute {
            guard let declared = dataset.attributes.first(where: { $0.id == attribute }) else {
                throw SelectionError.unknownTerm(
                    kind: "attribute", term: attribute, known: dataset.attributes.map(\.id))
            }
            var economic: [String: Double] = [:]
            for s in dataset.settlements {
                if case .number(let n)? = s.attributes[attribute] { economic[s.id] = n }
            }
            self.economic = economic
            note += "; G: \(declared.id) (\(declared.nameZh))"
        } else {
            economic = nil
            note += "; G = 1 (no economic size chosen)"
        }
        self.note = note
    }

    public init(population: [String: Double], economic: [String: Double]?, note: String) {
        self.population = population
        self.economic = economic
        self.note = note
    }

    /// √(P·G) of a town, or nil when it has no size.
    public func mass(_ id: String) -> Double? {
        guard let p = population[id] else { return nil }
        guard let economic else { return p.squareRoot() }
        return economic[id].map { (p * $0).squareRoot() }
    }
}

/// Gravity-model linkage strength between towns (城镇联系强度):
/// R_ij = k · √(P_i G_i) · √(P_j G_j) / D_ij^b, with D the network time (minutes) or the
/// straight-line distance (km), and each town's total linkage (城镇联系总量) Σ_j R_ij.
public struct LinkageResult: Sendable {
    public struct Pair: Sendable {
        public let a: Place
        public let b: Place
        /// The separation, in minutes or km; the slower direction for times.
        public let separation: Double
        public let strength: Double
    }
    public let towns: [Place]
    /// Every pair with a size on both sides and a finite separation, strongest first.
    public let pairs: [Pair]
    /// Total linkage per town id.
    public let totals: [String: Double]
    public let separation: Separation
    public let exponent: Double
    public let constant: Double
    public let sizes: TownSizes
    /// The network the times ran on (nil for straight lines).
    public let network: String?
}

extension Queries {
    /// Linkage strength between every pair of the selected towns.
    public static func linkage(
        dataset: Dataset, network: RoadNetwork?, scenario: Int?, towns selection: PlaceSelection,
        separation: Separation, exponent b: Double = 2, constant k: Double = 1, sizes: TownSizes
    ) throws -> LinkageResult {
        let towns = try nonEmpty(
            selection.places(in: dataset, network: network, scenario: scenario).filter { $0.location != nil }, "town")
        let (distance, networkName) = try separations(
            dataset: dataset, network: network, scenario: scenario, towns: towns, separation: separation)
        var pairs: [LinkageResult.Pair] = []
        var totals: [String: Double] = [:]
        for i in towns.indices {
            for j in towns.indices where j > i {
                guard let mi = sizes.mass(towns[i].id), let mj = sizes.mass(towns[j].id) else { continue }
                let d = max(distance[i][j], distance[j][i])
                guard d.isFinite, d > 0 else { continue }
                let r = k * mi * mj / pow(d, b)
                pairs.append(.init(a: towns[i], b: towns[j], separation: d, strength: r))
                totals[towns[i].id, default: 0] += r
                totals[towns[j].id, default: 0] += r
            }
        }
        pairs.sort { ($0.strength, $1.a.id, $1.b.id) > ($1.strength, $0.a.id, $0.b.id) }
        return LinkageResult(
            towns: towns, pairs: pairs, totals: totals, separation: separation, exponent: b, constant: k, sizes: sizes,
            network: networkName)
    }

    /// The separation matrix of `towns`: network minutes (infinity when unreachable) or
    /// straight-line km.
    static func separations(
        dataset: Dataset, network: RoadNetwork?, scenario: Int?, towns: [Place], separation: Separation
    ) throws -> (matrix: [[Double]], network: String?) {
        switch separation {
        case .straight:
            let projection = try MetricProjection(crs: dataset.metricCRS)
            let points = try towns.map { try projection.project($0.location!) }
            let matrix = points.map { a in points.map { b in hypot(a.x - b.x, a.y - b.y) / 1000 } }
            return (matrix, nil)
        case .time:
            guard let network else { throw AnalysisError.empty("travel times need a network") }
            let graph = try TravelGraph.build(
                network: network, scenario: scenario, places: towns, metricCRS: dataset.metricCRS)
            try requireAttached(towns, graph)
            let nodes = towns.map { graph.node(of: $0.id)! }
            return (graph.travelTimes(from: nodes, to: nodes).map { $0.map { $0 / 60 } }, graph.description)
        }
    }
}
