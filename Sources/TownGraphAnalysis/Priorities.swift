import Foundation
import GeoKit
import TownGraphModel
import TownGraphRouting

/// A planned project: planned links and interchanges that touch one another (they are built
/// together: an expressway with its interchanges and their connectors), named after its
/// longest link.
public struct PlannedProject: Sendable, Equatable {
    public let name: String
    public let links: [String]
    public let interchanges: [String]
}

/// What to build first: for a scenario, what each planned project brings to the plan's
/// targets, a greedy order, and for each pair still failing its bottleneck.
public struct PriorityResult: Sendable {
    public struct Contribution: Sendable {
        public let project: PlannedProject
        /// Pairs that pass with the project added to today's roads and fail without it.
        public let passingAlone: [String]
        /// Minutes saved over all pairs reachable both ways, with the project alone.
        public let minutesSavedAlone: Double
        /// Pairs that pass with every project and fail when this one is left out.
        public let onlyWith: [String]
    }
    public struct Step: Sendable {
        public let project: PlannedProject
        /// Passing pairs once this project and the ones before it are built.
        public let passing: Int
        public let minutesSaved: Double
    }
    public struct Bottleneck: Sendable {
        public let pair: String
        public let limitMinutes: Double
        public let minutes: Double
        /// The road class that takes the largest share of the pair's time, and that share.
        public let roadClass: String
        public let share: Double
        /// How much faster the route's roads (access legs aside) must be for the pair to pass:
        /// 1.2 means 20% faster; nil when the access legs alone exceed the limit.
        public let speedFactor: Double?
    }
    public let scenario: Int
    public let projects: [PlannedProject]
    public let passingToday: Int
    public let passingWithAll: Int
    public let pairs: Int
    public let contributions: [Contribution]
    public let order: [Step]
    public let bottlenecks: [Bottleneck]
}

extension Queries {
    /// The planned projects due by `scenario`: planned features grouped by contact.
    public static func plannedProjects(_ network: RoadNetwork, scenario: Int) -> [PlannedProject] {
        let links = network.links.filter {
            if case .planned = $0.status { return $0.status.isIncluded(inScenario: scenario) }
            return false
        }
        let ics = network.interchanges.filter {
            if case .planned = $0.status { return $0.status.isIncluded(inScenario: scenario) }
            return false
        }
        // Union-find over links, joined when they share a vertex or an interchange lies on both.
        var sets = UnionFind(count: links.count)
        var owner: [SIMD2<Double>: Int] = [:]
        for (i, l) in links.enumerated() {
            for c in l.coordinates {
                let key = SIMD2(c.lon, c.lat)
                if let j = owner[key] { sets.union(Int32(i), Int32(j)) } else { owner[key] = i }
            }
        }
        func find(_ i: Int) -> Int { Int(sets.find(Int32(i))) }
        var groups: [Int: (links: [Int], ics: [String])] = [:]
        for i in links.indices { groups[find(i), default: ([], [])].links.append(i) }
        var loose: [PlannedProject] = []
        for ic in ics {
            if let i = owner[SIMD2(ic.location.lon, ic.location.lat)] {
                groups[find(i), default: ([], [])].ics.append(ic.id)
            } else {
                loose.append(PlannedProject(name: ic.name, links: [], interchanges: [ic.id]))
            }
        }
        let projection = try? MetricProjection(
            crs: MetricCRS.suggested(for: links.first?.coordinates.first ?? Coordinate(x: 0, y: 0)))
        func length(_ l: RoadLink) -> Double { (try? projection?.lengthMetres(.lineString(l.coordinates))) ?? 0 }
        let projects = groups.keys.sorted().map { root -> PlannedProject in
            let members = groups[root]!.links.map { links[$0] }
            let main = members.max { length($0) < length($1) }!
            return PlannedProject(name: main.name ?? main.id, links: members.map(\.id), interchanges: groups[root]!.ics)
        }
        return projects + loose
    }

    /// The network with today's roads and only `projects` of the planned ones.
    static func network(_ network: RoadNetwork, with projects: [PlannedProject], scenario: Int) -> RoadNetwork {
        let links = Set(projects.flatMap(\.links))
        let ics = Set(projects.flatMap(\.interchanges))
        return RoadNetwork(
            description: network.description, source: network.source, classes: network.classes,
            links: network.links.filter { $0.status == .existing || links.contains($0.id) },
            interchanges: network.interchanges.filter { $0.status == .existing || ics.contains($0.id) },
            options: network.options, name: network.name, credit: network.credit)
    }

    /// What each planned project due by `scenario` brings to the dataset's targets.
    public static func priorities(dataset: Dataset, network: RoadNetwork, scenario: Int) throws -> PriorityResult {
        let projects = plannedProjects(network, scenario: scenario)
        guard !projects.isEmpty else {
            throw AnalysisError.empty("no planned link or interchange is due by \(scenario)")
        }
        typealias Outcome = (passing: Set<String>, seconds: [String: Double], report: CheckReport, graph: TravelGraph)
        // One check per set of projects, whatever order it is asked for in (the greedy order
        // asks again for what the contributions computed).
        var checked: [Set<String>: Outcome] = [:]
        func outcome(_ chosen: [PlannedProject]) throws -> Outcome {
            let key = Set(chosen.flatMap { $0.links + $0.interchanges })
            if let known = checked[key] { return known }
            let (report, graph) = try AccessibilityCheck.run(
                dataset: dataset, network: self.network(network, with: chosen, scenario: scenario), scenario: scenario,
                targets: dataset.targets)
            var passing = Set<String>()
            var seconds: [String: Double] = [:]
            for r in report.results {
                for p in r.pairs {
                    // A nearest-destination pair is the origin's, whichever destination is nearest.
                    let to = r.target.relation == .nearest ? "its nearest" : (p.destination?.name ?? "-")
                    let key = "\(r.target.id): \(p.origin.name) → \(to)"
                    if p.outcome == .passed { passing.insert(key) }
                    if let s = p.seconds, s.isFinite { seconds[key] = s }
                }
            }
            checked[key] = (passing, seconds, report, graph)
            return checked[key]!
        }
        func saved(_ from: [String: Double], _ to: [String: Double]) -> Double {
            from.reduce(0) { sum, e in sum + (to[e.key].map { (e.value - $0) / 60 } ?? 0) }
        }
        let today = try outcome([])
        let all = try outcome(projects)
        let contributions = try projects.map { p -> PriorityResult.Contribution in
            let alone = try outcome([p])
            let without = try outcome(projects.filter { $0 != p })
            return .init(
                project: p, passingAlone: alone.passing.subtracting(today.passing).sorted(),
                minutesSavedAlone: saved(today.seconds, alone.seconds),
                onlyWith: all.passing.subtracting(without.passing).sorted())
        }
        // Greedy: each step adds the project that makes the most pairs pass, then saves the most.
        var built: [PlannedProject] = []
        var order: [PriorityResult.Step] = []
        while built.count < projects.count {
            var best: (PlannedProject, Int, Double)?
            for p in projects where !built.contains(p) {
                let o = try outcome(built + [p])
                let m = saved(today.seconds, o.seconds)
                if best == nil || (o.passing.count, m) > (best!.1, best!.2) { best = (p, o.passing.count, m) }
            }
            built.append(best!.0)
            order.append(.init(project: best!.0, passing: best!.1, minutesSaved: best!.2))
        }
        // Bottlenecks of the pairs that still fail with every project.
        var bottlenecks: [PriorityResult.Bottleneck] = []
        for r in all.report.results {
            for p in r.pairs where p.outcome == .failed {
                guard let d = p.destination, let a = all.graph.node(of: p.origin.id), let b = all.graph.node(of: d.id),
                    let route = all.graph.route(from: a, to: b)
                else { continue }
                let access = route.byKind.filter { $0.kind == "access" }.reduce(0) { $0 + $1.seconds }
                let roads = route.byKind.filter { $0.kind != "access" }
                guard let top = roads.max(by: { $0.seconds < $1.seconds }) else { continue }
                let limit = r.target.minutes * 60
                bottlenecks.append(
                    .init(
                        pair: "\(r.target.id): \(p.origin.name) → \(d.name)", limitMinutes: r.target.minutes,
                        minutes: route.seconds / 60, roadClass: top.kind, share: top.seconds / route.seconds,
                        speedFactor: limit > access ? (route.seconds - access) / (limit - access) : nil))
            }
        }
        let pairs = all.report.results.reduce(0) { $0 + $1.pairs.count }
        return PriorityResult(
            scenario: scenario, projects: projects, passingToday: today.passing.count,
            passingWithAll: all.passing.count,
            pairs: pairs, contributions: contributions, order: order, bottlenecks: bottlenecks)
    }
}
