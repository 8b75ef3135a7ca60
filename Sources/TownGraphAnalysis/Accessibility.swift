import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// How the weight of an opportunity falls with the time to it, in the Hansen potential.
public enum DistanceDecay: Sendable, Equatable, CustomStringConvertible {
    /// f(t) = t^−β (Hansen 1959's gravity form).
    case power(beta: Double)
    /// f(t) = e^(−β t).
    case exponential(beta: Double)
    /// f(t) = 1 / (1 + (t / t50)^s): a log-logistic curve, ½ at t50 minutes, steeper with s.
    case logLogistic(t50: Double, steepness: Double)

    /// The defaults: power β = 1, exponential β = 0.05 per minute (half the weight at about
    /// 14 minutes), log-logistic t50 = 45 minutes (the plans' county-scale target), s = 3.
    public static let defaults: [String: DistanceDecay] = [
        "power": .power(beta: 1), "exponential": .exponential(beta: 0.05),
        "log-logistic": .logLogistic(t50: 45, steepness: 3),
    ]

    public func weight(minutes t: Double) -> Double {
        switch self {
        case .power(let beta): return t > 0 ? pow(t, -beta) : 0
        case .exponential(let beta): return exp(-beta * t)
        case .logLogistic(let t50, let s): return 1 / (1 + pow(t / t50, s))
        }
    }

    public var description: String {
        switch self {
        case .power(let beta): return "power, f(t) = t^−\(beta)"
        case .exponential(let beta): return "exponential, f(t) = e^(−\(beta)·t)"
        case .logLogistic(let t50, let s): return "log-logistic, f(t) = 1 / (1 + (t/\(t50))^\(s))"
        }
    }
}

/// Accessibility of each town on network times: the population (and the towns) reached
/// within each limit (cumulative opportunities), the Hansen potential A_i = Σ_j P_j f(t_ij)
/// (other towns only), and, for a service at chosen sites, the two-step floating catchment
/// score (2SFCA, Luo & Wang 2003): R_j = S_j / Σ_{k: t_kj ≤ d0} P_k, A_i = Σ_{j: t_ij ≤ d0} R_j.
public struct AccessResult: Sendable {
    public struct Row: Sendable {
        public let town: Place
        /// Population reached within each limit (other towns), and how many towns.
        public let population: [Double]
        public let towns: [Int]
        public let hansen: Double
        /// The 2SFCA score (service per person), when a service is given.
        public let twoStep: Double?
    }
    public let limits: [Double]
    public let decay: DistanceDecay
    public let rows: [Row]
    /// The service sites and the catchment d0 in minutes, when a service is given.
    public let sites: [Place]
    public let catchmentMinutes: Double?
    public let sizes: TownSizes
    public let network: String
}

extension Queries {
    /// Accessibility of every selected town with a population; `sites` (with capacity 1
    /// each) gives the 2SFCA score of a service within `catchment` minutes.
    public static func access(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, towns selection: PlaceSelection, limits: [Double],
        decay: DistanceDecay, sites siteSelection: PlaceSelection?, catchment: Double, sizes: TownSizes
    ) throws -> AccessResult {
        let towns = try nonEmpty(
            selection.places(in: dataset, network: network, scenario: scenario).filter {
                $0.location != nil && sizes.population[$0.id] != nil
            }, "town")
        let sites =
            try siteSelection.map { try nonEmpty($0.places(in: dataset, network: network, scenario: scenario), "site") }
            ?? []
        var all = towns
        for s in sites where !all.contains(where: { $0.id == s.id }) { all.append(s) }
        let graph = try TravelGraph.build(
            network: network, scenario: scenario, places: all, metricCRS: dataset.metricCRS)
        try requireAttached(all, graph)
        let townNodes = towns.map { graph.node(of: $0.id)! }
        let minutes = graph.travelTimes(from: townNodes, to: townNodes).map { $0.map { $0 / 60 } }
        let population = towns.map { sizes.population[$0.id]! }
        let sorted = limits.sorted()

        // 2SFCA: each site's ratio of supply to the population within d0 of it, then each
        // town's sum of the ratios of the sites within d0.
        var twoStep: [Double]?
        if !sites.isEmpty {
            let siteNodes = sites.map { graph.node(of: $0.id)! }
            let toSites = graph.travelTimes(from: townNodes, to: siteNodes).map { $0.map { $0 / 60 } }
            let ratios = sites.indices.map { j -> Double in
                let demand = towns.indices.filter { toSites[$0][j] <= catchment }.map { population[$0] }.reduce(0, +)
                return demand > 0 ? 1 / demand : 0
            }
            twoStep = towns.indices.map { i in
                sites.indices.filter { toSites[i][$0] <= catchment }.map { ratios[$0] }.reduce(0, +)
            }
        }
        let rows = towns.indices.map { i -> AccessResult.Row in
            let others = towns.indices.filter { $0 != i }
            return AccessResult.Row(
                town: towns[i],
                population: sorted.map { l in others.filter { minutes[i][$0] <= l }.map { population[$0] }.reduce(0, +)
                },
                towns: sorted.map { l in others.filter { minutes[i][$0] <= l }.count },
                hansen: others.filter { minutes[i][$0].isFinite }.map {
                    population[$0] * decay.weight(minutes: minutes[i][$0])
                }
                .reduce(0, +),
                twoStep: twoStep?[i])
        }
        return AccessResult(
            limits: sorted, decay: decay, rows: rows, sites: sites, catchmentMinutes: sites.isEmpty ? nil : catchment,
            sizes: sizes, network: graph.description)
    }
}
