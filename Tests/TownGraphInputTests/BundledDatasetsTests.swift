import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

/// Every bundled dataset loads and checks with the same code (no dataset-specific paths).
@Suite struct BundledDatasetsTests {
    static let names = ["dongying", "shandong", "yantai"]

    func load(_ name: String) throws -> Dataset {
        try DatasetLoader.load(directory: TestPaths.geoData.appendingPathComponent(name).path)
    }

    @Test(arguments: names)
    func loadsAndChecksOnItsNetwork(name: String) throws {
        let d = try load(name)
        #expect(!d.settlements.isEmpty && !d.targets.isEmpty)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        #expect(n.isModelled)
        let (report, graph) = try AccessibilityCheck.run(dataset: d, network: n, scenario: nil)
        #expect(graph.report.components == 1)
        #expect(report.results.count == d.targets.count)
        for r in report.results { #expect(r.checked > 0 && r.unreachable == 0, "\(name) \(r.target.id)") }
        #expect(d.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func shandongCountsAndCircles() throws {
        let d = try load("shandong")
        #expect(d.settlements.count == 16 && d.counties.count == 16)
        #expect(try Selection([.level(["twin-core"])]).apply(to: d).map(\.id) == ["jinan", "qingdao"])
        let circles = Dictionary(grouping: d.settlements, by: { $0.attributes["economic_circle"]!.description })
        #expect(Set(circles["省會經濟圈"]!.map(\.nameZh)) == ["济南市", "淄博市", "泰安市", "聊城市", "德州市", "滨州市", "东营市"])
        #expect(circles["膠東經濟圈"]!.count == 5 && circles["魯南經濟圈"]!.count == 4)
        // Memberships the plan does not give are marked so on every feature.
        for s in circles["膠東經濟圈"]! + circles["魯南經濟圈"]! {
            #expect(s.attributes["economic_circle_source"]!.description.hasPrefix("not in the plan"))
        }
        #expect(d.warnings.isEmpty, "every seat lies in its own city polygon: \(d.warnings)")
        let pairs = try #require(d.target(id: "agglomeration-2h"))
        #expect(pairs.relation == .allPairs)
    }

    @Test func yantaiRolesTargetsAndNeighbours() throws {
        let d = try load("yantai")
        #expect(d.functionTypes.isEmpty)
        #expect(
            try Selection([.level(["县级市"])]).apply(to: d).map(\.id) == [
                "longkou", "zhaoyuan", "laizhou", "laiyang", "haiyang", "qixia",
            ])
        #expect(d.settlement(id: "longkou")?.attributes["urbanization_target_2025"] == .number(72))
        #expect(d.settlement(id: "penglai")?.roles == ["烟台城市副中心"])
        #expect(try Selection([.subClass(["特色小镇"])]).apply(to: d).count == 8)
        #expect(d.externalPlaces.map(\.id) == ["jinan", "jimo", "rushan"])
        // Neighbouring 区市 by shapely: boundaries sharing at least 1 km (200 m tolerance).
        let text = d.counties.map { "\($0.id)\t" + GeoJSONWriter().geometry($0.boundary).serialized() }.joined(
            separator: "\n")
        let out = try Python.run(
            """
            import sys, json
            from shapely.geometry import shape
            from shapely.ops import transform
            from pyproj import Transformer
            t = Transformer.from_crs("OGC:CRS84", "EPSG:4549", always_xy=True)
            cs = [(l.split("\\t")[0], transform(t.transform, shape(json.loads(l.split("\\t")[1])))) for l in sys.stdin.read().split("\\n")]
            print(sum(1 for i, (a, pa) in enumerate(cs) for b, pb in cs[i + 1:] if pa.boundary.intersection(pb.buffer(200, quad_segs=2)).length >= 1000))
            """, input: text)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let (report, _) = try AccessibilityCheck.run(
            dataset: d, network: n, scenario: nil, targets: [d.target(id: "adjacent-60")!])
        #expect(report.results[0].checked == Int(out.trimmingCharacters(in: .whitespacesAndNewlines))!)
        let layout = try #require(d.layout)
        #expect(layout.elements.first { $0.id == "south-belt" }?.members.first?.kind == .external)
    }

    @Test func binzhouServiceTargetRunsOnASuppliedNetwork() throws {
        let d = try load("binzhou")
        #expect(d.settlements.map(\.id) == ["zouping", "huimin", "yangxin", "wudi", "boxing"])
        #expect(d.settlement(id: "zouping")?.attributes["urbanization_target_2025"] == .number(70.5))
        let spec = try #require(d.network)
        #expect(spec.id == "osm-major-roads" && d.networks.count == 1)
        // A small network: G1 through 惠民 and 阳信 with interchanges at both seats, G2 through 惠民 only.
        let huimin = d.settlement(id: "huimin")!.location!
        let yangxin = d.settlement(id: "yangxin")!.location!
        let temp = try TemporaryDirectory()
        let path = temp.path("net.geojson")
        func ic(_ id: String, _ refs: [String], _ c: Coordinate) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\",\"feature\":\"interchange\",\"refs\":[\(refs.map { "\"\($0)\"" }.joined(separator: ","))]},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(c.lon),\(c.lat)]}}"
        }
        let road =
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"g1\",\"class\":\"expressway\",\"ref\":\"G1\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[\(huimin.lon),\(huimin.lat)],[\(yangxin.lon),\(yangxin.lat)]]}}"
        try
            "{\"type\":\"FeatureCollection\",\"features\":[\(road),\(ic("a", ["G1", "G2"], huimin)),\(ic("b", ["G1"], yangxin))]}"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let n = try RoadNetworkLoader.load(path: path, spec: spec)
        let r = try ExpresswayService.check(d.serviceTargets[0], dataset: d, network: n, scenario: nil)
        let byCounty = Dictionary(uniqueKeysWithValues: r.counties.map { ($0.county.id, $0) })
        #expect(byCounty["county-huimin"]!.routes == ["G1", "G2"] && byCounty["county-huimin"]!.holds)
        #expect(byCounty["county-yangxin"]!.routes.contains("G1"))
        #expect(!byCounty["county-boxing"]!.holds && byCounty["county-boxing"]!.routes.isEmpty)
    }

    static let seedsExist = FileManager.default.fileExists(
        atPath: TestPaths.shared.appendingPathComponent("seeds").path)

    /// Traceability: every sentence any bundled manifest quotes occurs verbatim in a plan text.
    @Test(.enabled(if: seedsExist, "../shared/seeds is not beside the checkout"), arguments: names + ["binzhou"])
    func quotedSentencesAreInThePlans(name: String) throws {
        let d = try load(name)
        let seeds = try FileManager.default.contentsOfDirectory(
            atPath: TestPaths.shared.appendingPathComponent("seeds").path
        )
        .map { try String(contentsOf: TestPaths.shared.appendingPathComponent("seeds/\($0)"), encoding: .utf8) }
        let sentences =
            d.levels.compactMap(\.planSentence) + d.functionTypes.compactMap(\.planSentence)
            + d.targets.map(\.planSentence)
            + d.attributes.compactMap(\.planSentence) + Array(d.plan.sentences.values)
        #expect(!sentences.isEmpty)
        for s in sentences { #expect(seeds.contains { $0.contains(s) }, "\(name): not in any plan: \(s)") }
    }
}
