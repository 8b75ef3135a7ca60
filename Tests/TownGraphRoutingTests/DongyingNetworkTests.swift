import Foundation
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput
@testable import TownGraphRouting

@Suite struct DongyingNetworkTests {
    func network(_ d: Dataset) throws -> RoadNetwork {
        let spec = try #require(d.network)
        return try RoadNetworkLoader.load(path: spec.file, spec: spec)
    }

    @Test func schematicNetworkLoadsAndConnects() throws {
        let d = try dongying()
        let n = try network(d)
        #expect(n.isModelled && n.links.allSatisfy(\.modelled))
        #expect(n.plannedYears == [2035])
        #expect(Set(n.links.compactMap(\.ref)) == ["G25", "G18", "G2516", "S7201"])
        let names = try network(d).interchanges.map(\.approximate)
        #expect(names.allSatisfy { $0 })
        let places = d.places + n.interchangePlaces(scenario: nil)
        let g = try TravelGraph.build(network: n, scenario: nil, places: places, metricCRS: d.metricCRS)
        #expect(g.report.components == 1)
        #expect(g.report.notAttached.map(\.id) == ["diaokou"])
        #expect(g.report.attached.count == 27 + 7 + 12)
        #expect(g.report.interchangesDropped.isEmpty)
    }

    /// Every place-to-place time on the Dongying graph, against networkx on the same arcs.
    @Test(arguments: [nil, 2035] as [Int?])
    func allPlaceTimesMatchNetworkx(scenario: Int?) throws {
        let d = try dongying()
        let n = try network(d)
        let places = d.places + n.interchangePlaces(scenario: scenario)
        let g = try TravelGraph.build(network: n, scenario: scenario, places: places, metricCRS: d.metricCRS)
        let ids = places.map(\.id).filter { g.node(of: $0) != nil }
        let nodes = ids.map { g.node(of: $0)! }
        let mine = g.travelTimes(from: nodes, to: nodes)
        let expected = try networkxMatrix(g, nodes)
        var compared = 0
        for i in nodes.indices {
            for j in nodes.indices {
                let e = try #require(expected[i][j], "\(ids[i]) → \(ids[j]) unreachable in networkx")
                #expect(abs(mine[i][j] - e) <= 1e-6, "\(ids[i]) → \(ids[j]): \(mine[i][j]) vs \(e)")
                compared += 1
            }
        }
        #expect(compared == nodes.count * nodes.count && nodes.count >= 46)
    }

    @Test func checkReportsEveryTarget() throws {
        let d = try dongying()
        let n = try network(d)
        let (report, graph) = try AccessibilityCheck.run(dataset: d, network: n, scenario: nil)
        #expect(report.networkIsModelled)
        #expect(report.results.map(\.target.id) == ["centre-to-counties", "between-counties", "towns-to-expressway"])
        let byId = Dictionary(report.results.map { ($0.target.id, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byId["centre-to-counties"]!.checked == 3)
        #expect(
            Set(byId["centre-to-counties"]!.pairs.compactMap { $0.destination?.id }) == [
                "hekou-chengqu", "guangrao-xiancheng", "lijin-xiancheng",
            ])
        #expect(byId["between-counties"]!.checked == 6)
        let towns = byId["towns-to-expressway"]!
        #expect(towns.checked == 25)
        #expect(towns.pairs.first { $0.origin.id == "diaokou" }?.outcome == .notLocated)
        #expect(
            towns.pairs.filter { $0.origin.kind == .constituent }.map(\.origin.id).sorted() == [
                "dongji", "haojia", "liuhu", "xianhe",
            ])
        for r in report.results {
            #expect(r.target.status == .indicative)
            #expect(r.passed + r.failed + r.unreachable + r.notLocated == r.checked)
            for p in r.pairs where p.outcome == .passed || p.outcome == .failed {
                // Outcome and margin agree with the limit; the time agrees with a fresh search.
                #expect((p.outcome == .passed) == (p.seconds! <= r.target.minutes * 60))
                #expect(abs(p.marginMinutes! - (r.target.minutes - p.seconds! / 60)) < 1e-9)
                if r.target.relation != .allPairs {
                    let t = graph.travelTimes(
                        from: [graph.node(of: p.origin.id)!], to: [graph.node(of: p.destination!.id)!])[0][0]
                    #expect(abs(t - p.seconds!) < 1e-9)
                }
            }
        }
        // Nearest means nearest: no other interchange is faster for any town.
        let ics = n.interchangePlaces(scenario: nil).map { graph.node(of: $0.id)! }
        for p in towns.pairs where p.seconds?.isFinite == true {
            let best = graph.travelTimes(from: [graph.node(of: p.origin.id)!], to: ics)[0].min()!
            #expect(abs(best - p.seconds!) < 1e-9)
        }
        #expect(report.passes(strict: false))
    }

    @Test func plannedLinksImproveTheScenario() throws {
        let d = try dongying()
        let n = try network(d)
        let (base, _) = try AccessibilityCheck.run(dataset: d, network: n, scenario: nil)
        let (future, _) = try AccessibilityCheck.run(dataset: d, network: n, scenario: 2035)
        for (a, b) in zip(base.results, future.results) {
            #expect(b.passed >= a.passed, "\(a.target.id)")
            #expect((b.worst?.seconds ?? 0) <= (a.worst?.seconds ?? 0), "\(a.target.id)")
        }
        let text = CheckComparison(base: base, other: future).renderTable()
        #expect(text.contains("passed 2035") && text.contains("Pairs that change"))
    }
}
