import Foundation
import JSONKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

@Suite struct AdjacencyTests {
    @Test func countyNeighboursMatchShapely() throws {
        let d = try dongying()
        let adjacency = try CountyAdjacency(counties: d.counties, metricCRS: d.metricCRS)
        let text = d.counties.map { c in
            "\(c.id)\t\(JSONValue.format(0))\t" + GeoJSONWriter().geometry(c.boundary).serialized()
        }.joined(separator: "\n")
        let out = try Python.run(
            """
            import sys, json
            from shapely.geometry import shape
            from shapely.ops import transform
            from pyproj import Transformer
            t = Transformer.from_crs("OGC:CRS84", "EPSG:4549", always_xy=True)
            cs = []
            for l in sys.stdin.read().split("\\n"):
                cid, _, g = l.split("\\t")
                cs.append((cid, transform(t.transform, shape(json.loads(g)))))
            for i, (a, pa) in enumerate(cs):
                for b, pb in cs[i + 1:]:
                    shared = pa.boundary.intersection(pb.buffer(200, quad_segs=2)).length / 1000
                    if shared >= 1: print(min(a, b) + "|" + max(a, b), round(shared, 1))
            """, input: text)
        var expected: [String: Double] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            expected[String(parts[0])] = Double(parts[1])!
        }
        #expect(Set(adjacency.sharedKm.keys) == Set(expected.keys))
        for (k, v) in expected { #expect(abs(adjacency.sharedKm[k]! - v) < 0.5, "\(k)") }
        #expect(adjacency.adjacent("dongying-district", "kenli-district"))
        #expect(!adjacency.adjacent("hekou-district", "guangrao-county"))
    }

    @Test func adjacentPairsTargetChecksNeighboursOnly() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write(
            "dataset.yaml",
            try text.replacingExisting("    relation: all-pairs\n", with: "    relation: adjacent-pairs\n"))
        let d = try DatasetLoader.load(directory: b.dir.path)
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let (report, _) = try AccessibilityCheck.run(
            dataset: d, network: n, scenario: nil, targets: [d.target(id: "between-counties")!])
        let adjacency = try CountyAdjacency(counties: d.counties, metricCRS: d.metricCRS)
        let seats = ["zhuchengqu", "hekou-chengqu", "guangrao-xiancheng", "lijin-xiancheng"].map {
            d.settlement(id: $0)!
        }
        var expected = Set<String>()
        for (i, a) in seats.enumerated() {
            for c in seats[(i + 1)...] where adjacency.adjacent(a.county, c.county) {
                expected.insert("\(a.id)>\(c.id)")
            }
        }
        let pairs = Set(report.results[0].pairs.map { "\($0.origin.id)>\($0.destination!.id)" })
        #expect(pairs == expected)
        #expect(!pairs.isEmpty && pairs.count < 6)
    }
}
