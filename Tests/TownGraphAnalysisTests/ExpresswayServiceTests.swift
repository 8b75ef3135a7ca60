import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

@Suite struct ExpresswayServiceTests {
    func dataset() throws -> BrokenDataset {
        let b = try BrokenDataset()
        try b.write(
            "dataset.yaml",
            try b.read("dataset.yaml") + """
                service_targets:
                  - id: two-expressways-per-county
                    plan_sentence: "基本实现每县有两条以上高速通达"
                    min_expressways: 2
                    within_km: 5
                    status: binding

                """)
        return b
    }

    @Test func routesPerCountyMatchShapely() throws {
        let b = try dataset()
        let d = try DatasetLoader.load(directory: b.dir.path)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        try crossCheck(d, n, scenarios: [nil, 2035])
    }

    /// Binzhou's 两条以上高速 target on its OpenStreetMap-derived network, where an expressway
    /// is a matched corridor chain and its entry points carry the chains' names.
    @Test func binzhouOnItsOpenStreetMapNetworkMatchesShapely() throws {
        let d = try DatasetLoader.load(directory: TestPaths.geoData.appendingPathComponent("binzhou").path)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        #expect(n.name == "osm-major-roads")
        try crossCheck(d, n, scenarios: [nil])
    }

    func crossCheck(_ d: Dataset, _ n: RoadNetwork, scenarios: [Int?]) throws {
        let target = try #require(d.serviceTargets.first)
        for scenario in scenarios {
            let r = try ExpresswayService.check(target, dataset: d, network: n, scenario: scenario)
            let ics = n.interchanges.filter { $0.status.isIncluded(inScenario: scenario) }
            let input =
                d.counties.map { "C\t\($0.id)\t" + GeoJSONWriter().geometry($0.boundary).serialized() }
                + ics.map { "I\t\($0.refs.joined(separator: ","))\t\($0.location.lon) \($0.location.lat)" }
            let out = try Python.run(
                """
                import sys, json
                from shapely.geometry import shape, Point
                from shapely.ops import transform
                from pyproj import Transformer
                t = Transformer.from_crs("OGC:CRS84", \(String(reflecting: d.metricCRS)), always_xy=True)
                cs, ics = [], []
                for l in sys.stdin.read().split("\\n"):
                    kind, a, b = l.split("\\t")
                    if kind == "C": cs.append((a, transform(t.transform, shape(json.loads(b)))))
                    else: ics.append((a.split(","), Point(t.transform(*map(float, b.split())))))
                for cid, poly in cs:
                    refs = sorted({r for refs, p in ics if poly.distance(p) <= \(target.withinKm * 1000) for r in refs})
                    print(cid, ",".join(refs))
                """, input: input.joined(separator: "\n"))
            for line in out.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                let expected = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
                let row = try #require(r.counties.first { $0.county.id == parts[0] })
                #expect(row.routes == expected, "\(parts[0]) scenario \(String(describing: scenario))")
                #expect(row.holds == (expected.count >= target.minimumRoutes))
            }
        }
    }

    @Test func checkReportsServiceTargetsAndFailsOnBindingOnes() throws {
        let b = try dataset()
        let d = try DatasetLoader.load(directory: b.dir.path)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let (report, _) = try AccessibilityCheck.run(dataset: d, network: n, scenario: nil)
        #expect(report.services.count == 1)
        let holds = report.services[0].holds
        #expect(report.passes(strict: false) == holds)
        #expect(
            report.renderTable(details: false).contains("two-expressways-per-county (binding): at least 2 expressways"))
        #expect(report.renderJSON(details: false).contains("\"service_targets\""))
    }
}
