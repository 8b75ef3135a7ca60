import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// The outcome of one origin–destination pair of a target.
public struct PairResult: Sendable {
    public enum Outcome: String, Sendable {
        case passed, failed, unreachable
        /// A place has no location, so the pair cannot be checked.
        case notLocated = "not-located"
        /// A place is located but too far from any road to attach.
        case notAttached = "not-attached"
    }
    public let origin: Place
    /// nil for a nearest-type pair with no destination reachable.
    public let destination: Place?
    /// Travel time in seconds; nil when not measured, infinity when unreachable.
    public let seconds: Double?
    public let outcome: Outcome
    /// Threshold minus travel time, in minutes: negative when the pair fails.
    public let marginMinutes: Double?
    /// The length of the pair's fastest route in metres (access legs included).
    public var metres: Double? = nil

    /// The average speed over the route, in km/h, at which the pair would just meet a limit
    /// of `minutes`: a figure a planner can judge without trusting any speed table.
    public func breakEvenKmh(limitMinutes minutes: Double) -> Double? {
        guard let metres, metres.isFinite, minutes > 0 else { return nil }
        return metres / 1000 / (minutes / 60)
    }

    public var minutes: Double? { seconds.map { $0 / 60 } }

    /// The pair's key within a report: target, origin and destination ids.
    public func key(in target: TravelTimeTarget) -> String {
        "\(target.id)/\(origin.id)/\(destination?.id ?? "none")"
    }
}

/// A place's way onto the road network: a straight leg at the access speed.
public struct AccessLeg: Sendable, Equatable {
    public let metres: Double
    public let seconds: Double

    public init(metres: Double, seconds: Double) {
        self.metres = metres
        self.seconds = seconds
    }
}

extension CheckReport {
    /// Access legs longer than this are reported: a place that far from a road may be
    /// misplaced, or the network may lack its road, and its several minutes count in every
    /// time.
    public static let accessWarningMetres = 500.0

    /// The checked places whose access leg is longer than ``accessWarningMetres``, longest
    /// first, with their names.
    public var longAccessLegs: [(place: Place, leg: AccessLeg)] {
        var seen = Set<String>()
        var out: [(Place, AccessLeg)] = []
        for r in results {
            for p in r.pairs {
                for place in [p.origin] + (p.destination.map { [$0] } ?? []) where seen.insert(place.id).inserted {
                    if let leg = accessLegs[place.id], leg.metres > Self.accessWarningMetres {
                        out.append((place, leg))
                    }
                }
            }
        }
        return out.sorted { ($0.1.metres, $1.0.id) > ($1.1.metres, $0.0.id) }
    }
}

/// One target checked on one graph.
public struct TargetResult: Sendable {
    public let target: TravelTimeTarget
    public let pairs: [PairResult]

    public func count(_ outcome: PairResult.Outcome) -> Int { pairs.filter { $0.outcome == outcome }.count }
    public var checked: Int { pairs.count }
    public var passed: Int { count(.passed) }
    public var failed: Int { count(.failed) }
    public var unreachable: Int { count(.unreachable) }
    public var notLocated: Int { count(.notLocated) + count(.notAttached) }

    /// The target holds when no measured pair fails or is unreachable.
    public var holds: Bool { failed == 0 && unreachable == 0 }

    /// The pair with the smallest margin (an unreachable pair first).
    public var worst: PairResult? {
        if let u = pairs.first(where: { $0.outcome == .unreachable }) { return u }
        return pairs.filter { $0.marginMinutes != nil }.min { $0.marginMinutes! < $1.marginMinutes! }
    }
}

/// The report of `towngraph check`: every target of a dataset on one network and scenario.
public struct CheckReport: Sendable {
    public let dataset: String
    public let network: String
    public let networkSource: String
    public let networkIsModelled: Bool
    public let scenario: Int?
    public let results: [TargetResult]
    /// Expressway-service targets (每县两条以上高速).
    public var services: [ServiceResult] = []
    /// How each checked place reaches the road: the access leg from its point to the
    /// nearest attachable road, by place id. Its time is part of every time the report gives.
    public var accessLegs: [String: AccessLeg] = [:]
    /// The fastest routes of the pairs that fail or cannot be reached, by
    /// ``PairResult/key(in:)``, in WGS84; filled when the check is asked for them.
    public var routes: [String: [Coordinate]] = [:]

    /// Whether every binding target holds (and, when `strict`, every indicative one too).
    public func passes(strict: Bool) -> Bool {
        results.allSatisfy { $0.holds || ($0.target.status == .indicative && !strict) }
            && services.allSatisfy { $0.holds || ($0.target.status == .indicative && !strict) }
    }

    public var scenarioName: String {
        scenario.map { "scenario \($0) (planned links due by \($0))" } ?? "base (existing links)"
    }
}

/// Checks a dataset's travel-time targets on a network.
public enum AccessibilityCheck {
    /// Builds the graph for the scenario with every place the targets name, then checks
    /// each target. Origin rows run in parallel.
    /// With `withRoutes`, the report also holds the route of every pair that fails.
    public static func run(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, targets: [TravelTimeTarget]? = nil,
        withRoutes: Bool = false
    ) throws -> (report: CheckReport, graph: TravelGraph) {
        let chosen = targets ?? dataset.targets
        var selections: [(origins: [Place], destinations: [Place])] = []
        var all: [Place] = []
        var seen = Set<String>()
        for t in chosen {
            let o = try t.origins.places(in: dataset, network: network, scenario: scenario)
            let d = try t.destinations?.places(in: dataset, network: network, scenario: scenario) ?? o
            selections.append((o, d))
            for p in o + d where seen.insert(p.id).inserted { all.append(p) }
        }
        let graph = try TravelGraph.build(
            network: network, scenario: scenario, places: all, metricCRS: dataset.metricCRS)
        // A located place that cannot reach any road is bad input, not a result: say which.
        let stranded: [DatasetIssue] = graph.report.notAttached.compactMap { miss in
            guard let place = all.first(where: { $0.id == miss.id }), place.location != nil, place.kind != .interchange
            else { return nil }
            let index =
                dataset.settlement(id: place.id)?.featureIndex ?? dataset.constituent(id: place.id)?.featureIndex
            return DatasetIssue(
                .error, file: dataset.files.settlements, featureIndex: index, featureId: place.id,
                "\(place.name) cannot be attached to the network: \(miss.reason)")
        }
        if !stranded.isEmpty { throw InputError(.unattachedPlaces, source: network.source, issues: stranded) }
        let adjacency =
            chosen.contains { $0.relation == .adjacentPairs }
            ? try CountyAdjacency(counties: dataset.counties, metricCRS: dataset.metricCRS) : nil
        let countyOf = Dictionary(
            dataset.settlements.map { ($0.id, $0.county) } + dataset.constituents.map { ($0.id, $0.county) },
            uniquingKeysWith: { a, _ in a })
        let results = zip(chosen, selections).map {
            check(
                $0, origins: $1.origins, destinations: $1.destinations, graph: graph,
                neighbours: { a, b in
                    guard let adjacency, let ca = countyOf[a.id], let cb = countyOf[b.id] else { return false }
                    return adjacency.adjacent(ca, cb)
                })
        }
        var report = CheckReport(
            dataset: dataset.name, network: network.description, networkSource: network.source,
            networkIsModelled: network.isModelled, scenario: scenario, results: results)
        if targets == nil {
            report.services = try dataset.serviceTargets.map {
                try ExpresswayService.check($0, dataset: dataset, network: network, scenario: scenario)
            }
        }
        let accessSpeed = network.options.accessSpeedKmh / 3.6
        for a in graph.report.attached {
            report.accessLegs[a.placeId] = AccessLeg(metres: a.snapMetres, seconds: a.snapMetres / accessSpeed)
        }
        if withRoutes { report.routes = failingRoutes(report, graph: graph, network: network) }
        return (report, graph)
    }

    /// The route of every failing pair (an unreachable pair has none).
    static func failingRoutes(_ report: CheckReport, graph: TravelGraph, network: RoadNetwork) -> [String: [Coordinate]]
    {
        var routes: [String: [Coordinate]] = [:]
        for r in report.results {
            for p in r.pairs where p.outcome == .failed {
                if let d = p.destination, let a = graph.node(of: p.origin.id), let b = graph.node(of: d.id),
                    let route = graph.route(from: a, to: b, network: network)
                {
                    routes[p.key(in: r.target)] = route.coordinates
                }
            }
        }
        return routes
    }

    /// The targets with these ids (all when `ids` is empty: nil), or an error naming the
    /// known ones; an error too when the dataset declares no target at all.
    public static func targets(_ ids: [String], in dataset: Dataset) throws -> [TravelTimeTarget]? {
        guard !dataset.targets.isEmpty || !dataset.serviceTargets.isEmpty else {
            throw AnalysisError.empty("dataset \(dataset.name) declares no targets")
        }
        guard !ids.isEmpty else { return nil }
        return try ids.map { id in
            guard let t = dataset.target(id: id) else {
                throw SelectionError.unknownTerm(kind: "target", term: id, known: dataset.targets.map(\.id))
            }
            return t
        }
    }

    /// The same targets checked in two scenarios.
    public static func compare(
        dataset: Dataset, network: RoadNetwork, scenarios: (Int?, Int?), targets: [TravelTimeTarget]? = nil
    ) throws -> ScenarioComparison {
        let a = try run(dataset: dataset, network: network, scenario: scenarios.0, targets: targets).report
        let b = try run(dataset: dataset, network: network, scenario: scenarios.1, targets: targets).report
        return ScenarioComparison(base: a, other: b)
    }

    static func unmeasured(_ p: Place, _ graph: TravelGraph) -> PairResult.Outcome? {
        if p.location == nil && p.kind != .interchange { return .notLocated }
        if graph.node(of: p.id) == nil { return .notAttached }
        return nil
    }

    /// `neighbours` decides which pairs an adjacent-pairs target checks.
    public static func check(
        _ target: TravelTimeTarget, origins: [Place], destinations: [Place], graph: TravelGraph,
        neighbours: (Place, Place) -> Bool = { _, _ in false }
    ) -> TargetResult {
        let limit = target.minutes * 60
        func pair(_ o: Place, _ d: Place?, _ seconds: Double?, _ metres: Double?) -> PairResult {
            if let bad = unmeasured(o, graph) ?? d.flatMap({ unmeasured($0, graph) }) {
                return PairResult(origin: o, destination: d, seconds: nil, outcome: bad, marginMinutes: nil)
            }
            guard let s = seconds, s.isFinite else {
                return PairResult(
                    origin: o, destination: d, seconds: .infinity, outcome: .unreachable, marginMinutes: nil)
            }
            return PairResult(
                origin: o, destination: d, seconds: s, outcome: s <= limit + 1e-9 ? .passed : .failed,
                marginMinutes: (limit - s) / 60, metres: metres)
        }
        let oNodes = origins.compactMap { graph.node(of: $0.id) }
        let dNodes = destinations.compactMap { graph.node(of: $0.id) }
        let (matrix, lengths) = graph.travelTimesAndLengths(from: oNodes, to: dNodes)
        var row: [String: Int] = [:]
        var col: [String: Int] = [:]
        var i = 0
        for o in origins where graph.node(of: o.id) != nil {
            row[o.id] = i
            i += 1
        }
        i = 0
        for d in destinations where graph.node(of: d.id) != nil {
            col[d.id] = i
            i += 1
        }
        func time(_ a: Place, _ b: Place) -> Double? {
            guard let r = row[a.id], let c = col[b.id] else { return nil }
            return matrix[r][c]
        }
        func length(_ a: Place, _ b: Place) -> Double? {
            guard let r = row[a.id], let c = col[b.id] else { return nil }
            return lengths[r][c]
        }
        var pairs: [PairResult] = []
        switch target.relation {
        case .eachToEach:
            for o in origins {
                for d in destinations where d.id != o.id { pairs.append(pair(o, d, time(o, d), length(o, d))) }
            }
        case .allPairs, .adjacentPairs:
            for (a, o) in origins.enumerated() {
                for d in origins[(a + 1)...] where target.relation == .allPairs || neighbours(o, d) {
                    let there = time(o, d)
                    let back = time(d, o)
                    let worse = (there != nil && back != nil) ? max(there!, back!) : nil
                    // The slower direction's route.
                    let metres = (there ?? 0) >= (back ?? 0) ? length(o, d) : length(d, o)
                    pairs.append(pair(o, d, worse, metres))
                }
            }
        case .nearest:
            for o in origins {
                if let bad = unmeasured(o, graph) {
                    pairs.append(
                        PairResult(origin: o, destination: nil, seconds: nil, outcome: bad, marginMinutes: nil))
                    continue
                }
                let best = destinations.filter { $0.id != o.id }.compactMap { d in time(o, d).map { (d, $0) } }.min {
                    $0.1 < $1.1
                }
                if let (d, s) = best, s.isFinite {
                    pairs.append(pair(o, d, s, length(o, d)))
                } else {
                    pairs.append(
                        PairResult(
                            origin: o, destination: nil, seconds: .infinity, outcome: .unreachable, marginMinutes: nil))
                }
            }
        }
        return TargetResult(target: target, pairs: pairs)
    }
}

/// Two check reports side by side: what changes per target between scenarios.
public struct ScenarioComparison: Sendable {
    public let base: CheckReport
    public let other: CheckReport

    public init(base: CheckReport, other: CheckReport) {
        self.base = base
        self.other = other
    }

    public func passes(strict: Bool) -> Bool { base.passes(strict: strict) && other.passes(strict: strict) }
}
