import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

@Suite struct HierarchyMeasuresTests {
    @Test func rankSizeByHandOnASmallFixture() throws {
        // A perfect Zipf pattern for ranks − ½: size = 1000 / (rank − ½) gives b = 1 exactly.
        let sizes = (1...6).map { 1000 / (Double($0) - 0.5) }
        let fit = try #require(HierarchyMeasures.fitRankSize(sizes))
        #expect(abs(fit.exponent - 1) < 1e-12)
        #expect(abs(fit.standardError - (2.0 / 6).squareRoot()) < 1e-12)
        #expect(abs(fit.intercept - log(1000)) < 1e-9)
    }

    @Test func rankSizeMatchesScipy() throws {
        let d = try dongying()
        let m = try HierarchyMeasures(dataset: d, graph: nil)
        let sizes = m.sizes.map(\.1)
        let out = try Python.run(
            """
            import sys, numpy as np
            from scipy import stats
            s = np.sort(np.array([float(x) for x in sys.stdin.read().split()]))[::-1]
            r = stats.linregress(np.log(s), np.log(np.arange(1, len(s) + 1) - 0.5))
            print(repr(float(-r.slope)), repr(float(r.intercept)))
            """, input: sizes.map { "\($0)" }.joined(separator: " "))
        let e = out.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        let fit = try #require(m.rankSize)
        #expect(abs(fit.exponent - e[0]) < 1e-9 && abs(fit.intercept - e[1]) < 1e-9)
        #expect(fit.count == 28)
        // 主城区 (100—150万, midpoint 1.25 million) over 大王镇 and the county seats (20万).
        #expect(m.sizes[0].0.id == "zhuchengqu")
        #expect(abs(m.primacy.twoCity! - 1_250_000 / 200_000) < 1e-9)
        #expect(abs(m.primacy.fourCity! - 1_250_000 / 600_000) < 1e-9)
    }

    @Test func clarkEvansMatchesScipy() throws {
        let d = try dongying()
        let proj = try MetricProjection(crs: d.metricCRS)
        let points = try d.settlements.compactMap(\.location).map { try proj.project($0) }
        let area = try d.counties.map { try proj.areaSquareMetres($0.boundary) }.reduce(0, +)
        let nn = try #require(HierarchyMeasures.clarkEvans(points, areaSquareMetres: area))
        let out = try Python.run(
            """
            import sys, numpy as np
            from scipy.spatial import cKDTree
            lines = sys.stdin.read().split("\\n")
            area = float(lines[0]); pts = np.array([[float(v) for v in l.split()] for l in lines[1:] if l])
            d, _ = cKDTree(pts).query(pts, k=2)
            print(repr(float(d[:, 1].mean() / (0.5 / np.sqrt(len(pts) / area)))))
            """, input: "\(area)\n" + points.map { "\($0.x) \($0.y)" }.joined(separator: "\n"))
        #expect(abs(nn.r - Double(out.trimmingCharacters(in: .whitespacesAndNewlines))!) < 1e-9)
        #expect(nn.count == 27)
    }

    @Test func levelAccessUsesTheNearestUnitAbove() throws {
        let d = try dongying()
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let g = try TravelGraph.build(network: n, scenario: nil, places: d.places, metricCRS: d.metricCRS)
        let m = try HierarchyMeasures(dataset: d, graph: g)
        #expect(m.levelAccess.map(\.level.id) == ["county-centre", "key-town", "small-town"])
        let l2 = m.levelAccess[0]
        // Level 2 units to 主城区, the one unit above.
        let centre = g.node(of: "zhuchengqu")!
        let times = d.settlements.filter { $0.level.id == "county-centre" }.map {
            g.travelTimes(from: [g.node(of: $0.id)!], to: [centre])[0][0]
        }
        #expect(abs(l2.meanMinutes! - times.reduce(0, +) / Double(times.count) / 60) < 1e-9)
        #expect(m.levelAccess[2].units == 13)  // 14 small towns, 刁口乡 not located
    }
}
