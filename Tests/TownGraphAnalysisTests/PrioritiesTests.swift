import Foundation
import Testing
import TownGraphFixtures
import TownGraphInput

@testable import TownGraphAnalysis
@testable import TownGraphModel
@testable import TownGraphRouting

/// What to build first, on Dongying's 2035 scenario, checked by brute force over every
/// subset of the planned projects, and the bottleneck speed-ups by running them.
@Suite struct PrioritiesTests {
    /// Passing pairs with these projects built, computed here from scratch.
    static func passing(_ d: Dataset, _ network: RoadNetwork, _ chosen: [PlannedProject]) throws -> Set<String> {
        let keep = Set(chosen.flatMap { $0.links + $0.interchanges })
        let roads = RoadNetwork(
            description: network.description, source: network.source, classes: network.classes,
            links: network.links.filter { $0.status == .existing || keep.contains($0.id) },
            interchanges: network.interchanges.filter { $0.status == .existing || keep.contains($0.id) },
            options: network.options)
        let report = try AccessibilityCheck.run(dataset: d, network: roads, scenario: 2035, targets: d.targets).report
        var out = Set<String>()
        for r in report.results {
            for p in r.pairs where p.outcome == .passed {
                out.insert(
                    "\(r.target.id): \(p.origin.name) → \(r.target.relation == .nearest ? "its nearest" : p.destination!.name)"
                )
            }
        }
        return out
    }

    @Test func contributionsAndOrderMatchBruteForce() throws {
        let d = try dongying()
        let network = try NetworkSource.open(for: d, file: nil)
        let result = try Queries.priorities(dataset: d, network: network, scenario: 2035)
        // Every planned feature due by 2035 lies in exactly one project.
        let planned =
            network.links.filter { $0.status != .existing }.map(\.id)
            + network.interchanges.filter { $0.status != .existing }.map(\.id)
        let grouped = result.projects.flatMap { $0.links + $0.interchanges }
        #expect(grouped.sorted() == planned.sorted() && Set(grouped).count == grouped.count)
        #expect(result.projects.count == 2)

        // Every subset of the projects.
        let projects = result.projects
        var bySubset: [[String]: Set<String>] = [:]
        for mask in 0..<(1 << projects.count) {
            let chosen = projects.indices.filter { mask & (1 << $0) != 0 }.map { projects[$0] }
            bySubset[chosen.map(\.name)] = try Self.passing(d, network, chosen)
        }
        let today = bySubset[[]]!
        let all = bySubset[projects.map(\.name)]!
        #expect(result.passingToday == today.count && result.passingWithAll == all.count)
        for c in result.contributions {
            let alone = bySubset[[c.project.name]]!
            let without = bySubset[projects.filter { $0 != c.project }.map(\.name)]!
            #expect(c.passingAlone == alone.subtracting(today).sorted())
            #expect(c.onlyWith == all.subtracting(without).sorted())
        }
        // The first step is the project that alone makes the most pairs pass.
        let bestAlone = projects.max { bySubset[[$0.name]]!.count < bySubset[[$1.name]]!.count }!
        #expect(result.order.first?.project == bestAlone)
        #expect(result.order.last?.passing == all.count)
    }

    @Test func bottleneckSpeedUpMakesThePairPass() throws {
        let d = try dongying()
        let network = try NetworkSource.open(for: d, file: nil)
        let result = try Queries.priorities(dataset: d, network: network, scenario: 2035)
        let bottleneck = try #require(result.bottlenecks.first { $0.pair.hasPrefix("centre-to-counties: 主城区 → 河口城区") })
        let factor = try #require(bottleneck.speedFactor)
        // Every road (not the access legs) faster by the factor: the pair takes its limit.
        let classes = network.classes.map {
            RoadClass(
                id: $0.id, nameZh: $0.nameZh, nameEn: $0.nameEn, speedKmh: $0.speedKmh * factor,
                controlledAccess: $0.controlledAccess, attachable: $0.attachable, mode: $0.mode)
        }
        let byId = Dictionary(uniqueKeysWithValues: classes.map { ($0.id, $0) })
        let faster = RoadNetwork(
            description: network.description, source: network.source, classes: classes,
            links: network.links.map {
                RoadLink(
                    id: $0.id, roadClass: byId[$0.roadClass.id]!, ref: $0.ref, name: $0.name,
                    speedKmh: $0.speedKmh.map { $0 * factor }, oneway: $0.oneway, status: $0.status,
                    circuity: $0.circuity,
                    modelled: $0.modelled, coordinates: $0.coordinates, featureIndex: $0.featureIndex)
            }, interchanges: network.interchanges, options: network.options)
        var options = faster.options
        options.rampSpeedKmh *= factor
        let scaled = RoadNetwork(
            description: faster.description, source: faster.source, classes: faster.classes, links: faster.links,
            interchanges: faster.interchanges, options: options)
        let report = try AccessibilityCheck.run(
            dataset: d, network: scaled, scenario: 2035, targets: d.targets.filter { $0.id == "centre-to-counties" }
        ).report
        let pair = try #require(report.results[0].pairs.first { $0.destination?.id == "hekou-chengqu" })
        #expect(abs(pair.minutes! - 45) < 1e-6, "\(pair.minutes!) min after a speed-up of \(factor)")
    }
}
