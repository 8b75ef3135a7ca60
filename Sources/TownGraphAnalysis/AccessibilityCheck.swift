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

/// How a target's verdict depends on the speeds of the road classes, over the speed ranges
/// the dataset gives. Every class with a range runs at the same fraction of it (0: all at
/// their low ends, 1: all at their high ends); times only fall as speeds rise, so a verdict
/// changes at most once along the way.
public struct SpeedSensitivity: Sendable {
    public let holdsAtLow: Bool
    public let holdsAtHigh: Bool
    /// The smallest fraction of the ranges at which the target holds, when it fails at the
    /// low ends and holds at the high ends (to 1/1024 of the ranges).
    public let flipFraction: Double?
    /// Each ranged class's speed at ``flipFraction``, in the network's class order.
    public let flipSpeeds: [(roadClass: RoadClass, kmh: Double)]

    /// The verdict is the same at both ends of the ranges.
    public var robust: Bool { holdsAtLow == holdsAtHigh }
}

/// The report of `towngraph check`: every target of a dataset on one network and scenario.
public struct CheckReport: Sendable {
    public let dataset: String
    /// The network's name in its dataset (or its file name), what it is, where it was read
    /// from, and the credit its data asks for.
    public let networkName: String
    public let network: String
    public let networkSource: String
    public let networkCredit: String?
    public let networkIsModelled: Bool
    public let scenario: Int?
    public let results: [TargetResult]
    /// Expressway-service targets (每县两条以上高速).
    public var services: [ServiceResult] = []
    /// How each checked place reaches the road: the access leg from its point to the
    /// nearest attachable road, by place id. Its time is part of every time the report gives.
    public var accessLegs: [String: AccessLeg] = [:]
    /// How each target's verdict depends on speeds, by target id; filled when the check is
    /// asked for it and the network's classes give speed ranges.
    public var speedSensitivity: [String: SpeedSensitivity] = [:]
    /// The classes with a speed range, when ``speedSensitivity`` is filled.
    public var rangedClasses: [RoadClass] = []
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
    /// With `speedRanges`, each target is also checked at both ends of the classes' speed
    /// ranges, and, where the verdict differs, at the fraction of the ranges where it flips.
    public static func run(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, targets: [TravelTimeTarget]? = nil,
        withRoutes: Bool = false, speedRanges: Bool = false, graphs: RoadGraphs? = nil
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
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
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
            dataset: dataset.name, networkName: network.name, network: network.description,
            networkSource: network.source, networkCredit: network.credit,
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
        if speedRanges && network.hasSpeedRanges {
            report.speedSensitivity = sensitivity(
                targets: chosen, selections: selections, graph: graph,
                neighbours: { a, b in
                    guard let adjacency, let ca = countyOf[a.id], let cb = countyOf[b.id] else { return false }
                    return adjacency.adjacent(ca, cb)
                })
            report.rangedClasses = network.classes.filter { $0.speedRangeKmh != nil }
        }
        return (report, graph)
    }

    /// Each target's verdict at the low and high ends of the speed ranges, and where it flips.
    /// Each speed set is a re-customization of the graph's contraction hierarchy (the same
    /// topology, other times), not a new graph.
    static func sensitivity(
        targets: [TravelTimeTarget], selections: [(origins: [Place], destinations: [Place])], graph: TravelGraph,
        neighbours: (Place, Place) -> Bool
    ) -> [String: SpeedSensitivity] {
        var metrics: [Double: CCHMetric] = [:]
        func holds(_ fraction: Double, _ indices: [Int]) -> [Bool] {
            let metric = metrics[fraction] ?? graph.recustomized(atSpeedFraction: fraction)
            metrics[fraction] = metric
            return indices.map { i in
                check(
                    targets[i], origins: selections[i].origins, destinations: selections[i].destinations,
                    graph: graph, metric: metric, neighbours: neighbours
                ).holds
            }
        }
        let all = Array(targets.indices)
        let low = holds(0, all)
        let high = holds(1, all)
        var out: [String: SpeedSensitivity] = [:]
        for (i, t) in targets.enumerated() {
            var flip: Double?
            if !low[i] && high[i] {
                // The verdict changes once: bisect for the smallest fraction at which it holds.
                var (a, b) = (0.0, 1.0)
                for _ in 0..<10 {
                    let m = (a + b) / 2
                    if holds(m, [i])[0] { b = m } else { a = m }
                }
                flip = b
            }
            let speeds = flip.map { f in
                graph.classes.filter { $0.speedRangeKmh != nil }.map { ($0, $0.speed(atFraction: f)) }
            }
            out[t.id] = SpeedSensitivity(
                holdsAtLow: low[i], holdsAtHigh: high[i], flipFraction: flip, flipSpeeds: speeds ?? [])
        }
        return out
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
        dataset: Dataset, network: RoadNetwork, scenarios: (Int?, Int?), targets: [TravelTimeTarget]? = nil,
        graphs: RoadGraphs? = nil
    ) throws -> CheckComparison {
        let a = try run(dataset: dataset, network: network, scenario: scenarios.0, targets: targets, graphs: graphs)
            .report
        let b = try run(dataset: dataset, network: network, scenario: scenarios.1, targets: targets, graphs: graphs)
            .report
        return CheckComparison(base: a, other: b)
    }

    /// The same targets checked on two networks, in one scenario.
    public static func compare(
        dataset: Dataset, networks: (RoadNetwork, RoadNetwork), scenario: Int?, targets: [TravelTimeTarget]? = nil,
        graphs: RoadGraphs? = nil
    ) throws -> CheckComparison {
        let a = try run(dataset: dataset, network: networks.0, scenario: scenario, targets: targets, graphs: graphs)
            .report
        let b = try run(dataset: dataset, network: networks.1, scenario: scenario, targets: targets, graphs: graphs)
            .report
        return CheckComparison(base: a, other: b, axis: .networks)
    }

    static func unmeasured(_ p: Place, _ graph: TravelGraph) -> PairResult.Outcome? {
        if p.location == nil && p.kind != .interchange { return .notLocated }
        if graph.node(of: p.id) == nil { return .notAttached }
        return nil
    }

    /// `neighbours` decides which pairs an adjacent-pairs target checks.
    public static func check(
        _ target: TravelTimeTarget, origins: [Place], destinations: [Place], graph: TravelGraph,
        metric: CCHMetric? = nil, neighbours: (Place, Place) -> Bool = { _, _ in false }
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
        // With a re-customized metric only the verdicts are wanted: no route lengths.
        let (matrix, lengths) =
            metric.map { m in
                (
                    graph.travelTimes(metric: m, from: oNodes, to: dNodes),
                    oNodes.map { _ in dNodes.map { _ in Double.infinity } }
                )
            } ?? graph.travelTimesAndLengths(from: oNodes, to: dNodes)
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
public struct CheckComparison: Sendable {
    /// What differs between the two reports.
    public enum Axis: Sendable { case scenarios, networks }
    public let base: CheckReport
    public let other: CheckReport
    public let axis: Axis

    public init(base: CheckReport, other: CheckReport, axis: Axis = .scenarios) {
        self.base = base
        self.other = other
        self.axis = axis
    }

    /// A report's short name in the comparison: its scenario year or base, or its network.
    public func label(_ r: CheckReport) -> String {
        switch axis {
        case .scenarios: return r.scenario.map(String.init) ?? "base"
        case .networks: return r.networkName
        }
    }

    /// Each target's pairs measured on both sides: the other side's time over the base's.
    public func timeRatios() -> [Double] {
        var out: [Double] = []
        for (a, b) in zip(base.results, other.results) {
            let before = Dictionary(
                a.pairs.map { ("\($0.origin.id)>\($0.destination?.id ?? "")", $0) }, uniquingKeysWith: { x, _ in x })
            for p in b.pairs {
                guard let q = before["\(p.origin.id)>\(p.destination?.id ?? "")"], let t0 = q.seconds,
                    let t1 = p.seconds,
                    t0.isFinite, t1.isFinite, t0 > 0
                else { continue }
                out.append(t1 / t0)
            }
        }
        return out.sorted()
    }

    public func passes(strict: Bool) -> Bool { base.passes(strict: strict) && other.passes(strict: strict) }
}
