import Foundation
import TestSupport
import Testing
import TownGraphFixtures
import TownGraphInput

@testable import TownGraphAnalysis
@testable import TownGraphModel
@testable import TownGraphRouting

/// Linkage strength, cumulative opportunities, Hansen potential and 2SFCA on Dongying,
/// recomputed here from networkx's shortest paths on the same arcs with the formulas
/// written out plainly.
@Suite struct GravityAnalysesTests {
    struct Setup {
        let dataset: Dataset
        let network: RoadNetwork
        let towns: [Place]
        /// Minutes between the towns, from networkx.
        let minutes: [[Double?]]
        let sizes: TownSizes
    }

    static func setup() throws -> Setup {
        let d = try dongying()
        let network = try NetworkSource.open(for: d, file: nil)
        let sizes = try TownSizes(dataset: d, economicAttribute: nil)
        let towns = d.places.filter { $0.kind == .settlement && $0.location != nil && sizes.population[$0.id] != nil }
        let graph = try TravelGraph.build(network: network, scenario: nil, places: towns, metricCRS: d.metricCRS)
        let seconds = try networkxMatrix(graph, towns.map { graph.node(of: $0.id)! })
        return Setup(
            dataset: d, network: network, towns: towns, minutes: seconds.map { $0.map { $0.map { $0 / 60 } } },
            sizes: sizes)
    }

    @Test func linkageMatchesTheFormulaOnNetworkxTimes() throws {
        let s = try Self.setup()
        let result = try Queries.linkage(
            dataset: s.dataset, network: s.network, scenario: nil, towns: PlaceSelection(parsing: ["all"]),
            separation: .time,
            exponent: 2, constant: 1, sizes: s.sizes)
        #expect(result.towns.map(\.id) == s.towns.map(\.id))
        var expectedTotals: [String: Double] = [:]
        var checked = 0
        for i in s.towns.indices {
            for j in s.towns.indices where j > i {
                let d = max(s.minutes[i][j] ?? .infinity, s.minutes[j][i] ?? .infinity)
                let pi = s.sizes.population[s.towns[i].id]!
                let pj = s.sizes.population[s.towns[j].id]!
                let r = pi.squareRoot() * pj.squareRoot() / (d * d)
                expectedTotals[s.towns[i].id, default: 0] += r
                expectedTotals[s.towns[j].id, default: 0] += r
                let pair = try #require(result.pairs.first { $0.a.id == s.towns[i].id && $0.b.id == s.towns[j].id })
                #expect(abs(pair.strength - r) <= 1e-9 * r)
                checked += 1
            }
        }
        #expect(checked == 27 * 26 / 2 && result.pairs.count == checked)
        for t in s.towns { #expect(abs(result.totals[t.id]! - expectedTotals[t.id]!) <= 1e-9 * expectedTotals[t.id]!) }
        // Strongest first.
        #expect(zip(result.pairs, result.pairs.dropFirst()).allSatisfy { $0.strength >= $1.strength })
    }

    @Test func straightLineLinkageMatchesPyproj() throws {
        let s = try Self.setup()
        let result = try Queries.linkage(
            dataset: s.dataset, network: nil, scenario: nil, towns: PlaceSelection(parsing: ["level=county-centre"]),
            separation: .straight, exponent: 1.5, constant: 2, sizes: s.sizes)
        let input = result.towns.map { "\($0.location!.lon) \($0.location!.lat)" }.joined(separator: "\n")
        let out = try Python.run(
            """
            import sys, math
            from pyproj import Transformer
            t = Transformer.from_crs("OGC:CRS84", "EPSG:4549", always_xy=True)
            pts = [t.transform(*map(float, l.split())) for l in sys.stdin.read().split("\\n") if l]
            print(" ".join(repr(math.dist(pts[i], pts[j]) / 1000) for i in range(len(pts)) for j in range(i + 1, len(pts))))
            """, input: input)
        let km = out.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        var k = 0
        for i in result.towns.indices {
            for j in result.towns.indices where j > i {
                let a = result.towns[i]
                let b = result.towns[j]
                let expected =
                    2 * s.sizes.population[a.id]!.squareRoot() * s.sizes.population[b.id]!.squareRoot()
                    / pow(km[k], 1.5)
                let pair = try #require(result.pairs.first { $0.a.id == a.id && $0.b.id == b.id })
                #expect(abs(pair.separation - km[k]) < 1e-6)
                #expect(abs(pair.strength - expected) <= 1e-6 * expected)
                k += 1
            }
        }
    }

    @Test func decayFunctionsByHand() {
        #expect(abs(DistanceDecay.power(beta: 2).weight(minutes: 4) - 0.0625) < 1e-15)
        #expect(abs(DistanceDecay.exponential(beta: 0.05).weight(minutes: 20) - exp(-1.0)) < 1e-15)
        #expect(abs(DistanceDecay.logLogistic(t50: 45, steepness: 3).weight(minutes: 45) - 0.5) < 1e-15)
        #expect(abs(DistanceDecay.logLogistic(t50: 45, steepness: 3).weight(minutes: 90) - 1.0 / 9.0) < 1e-15)
        #expect(DistanceDecay.power(beta: 1).weight(minutes: 0) == 0)
    }

    @Test func accessibilityMatchesAPlainReimplementation() throws {
        let s = try Self.setup()
        let decay = DistanceDecay.exponential(beta: 0.05)
        let seats = ["hekou-chengqu", "guangrao-xiancheng", "lijin-xiancheng", "zhuchengqu"]
        let result = try Queries.access(
            dataset: s.dataset, network: s.network, scenario: nil, towns: PlaceSelection(parsing: ["all"]),
            limits: [45, 30],
            decay: decay, sites: PlaceSelection([.init(criteria: [.id(seats)])]), catchment: 30, sizes: s.sizes)
        #expect(result.limits == [30, 45] && result.rows.count == s.towns.count)
        let p = s.towns.map { s.sizes.population[$0.id]! }
        let t = s.minutes.map { $0.map { $0 ?? .infinity } }
        let siteIndex = seats.map { id in s.towns.firstIndex { $0.id == id }! }
        // 2SFCA, step by step: supply 1 per site over the population within 30 minutes of it.
        var ratio: [Double] = []
        for j in siteIndex {
            var demand = 0.0
            for k in s.towns.indices where t[k][j] <= 30 { demand += p[k] }
            ratio.append(1 / demand)
        }
        for (i, row) in result.rows.enumerated() {
            #expect(row.town.id == s.towns[i].id)
            var within30 = 0.0
            var within45 = 0.0
            var hansen = 0.0
            var score = 0.0
            for j in s.towns.indices where j != i {
                if t[i][j] <= 30 { within30 += p[j] }
                if t[i][j] <= 45 { within45 += p[j] }
                if t[i][j].isFinite { hansen += p[j] * exp(-0.05 * t[i][j]) }
            }
            for (n, j) in siteIndex.enumerated() where t[i][j] <= 30 { score += ratio[n] }
            #expect(row.population == [within30, within45])
            #expect(abs(row.hansen - hansen) <= 1e-9 * hansen)
            #expect(abs((row.twoStep ?? -1) - score) <= 1e-12)
        }
        // Each site's supply is spread over the population in its catchment: the scores,
        // weighted by population, add up to the number of sites whose catchment holds anyone.
        let total = zip(result.rows, p).map { ($0.twoStep ?? 0) * $1 }.reduce(0, +)
        #expect(abs(total - Double(seats.count)) < 1e-9)
    }
}
