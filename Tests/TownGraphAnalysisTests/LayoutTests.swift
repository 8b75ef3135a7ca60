import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel

@Suite struct LayoutTests {
    @Test func elementsHoldTheirMembersAndMatchShapely() throws {
        let d = try dongying()
        let layout = try #require(d.layout)
        #expect(
            layout.elements.map(\.id) == ["core", "south-wing", "north-wing", "north-south-axis", "city-function-axis"])
        let report = try layout.report(for: d, axisDistanceKm: 5)
        let proj = try MetricProjection(crs: d.metricCRS)
        for row in report.rows where row.element.kind == .area {
            let ids = Set(row.settlements.map(\.0.id))
            for m in row.element.members where d.settlement(id: m.id) != nil {
                #expect(ids.contains(m.id), "\(m.name) outside \(row.element.id)")
            }
            // shapely: hull of the members' metric points, buffered 5 km, with 8 segments per quarter.
            let members = try row.element.members.map { try proj.project($0.location!) }
            let towns = try d.settlements.filter(\.isLocated).map { ($0.id, try proj.project($0.location!)) }
            let out = try Python.run(
                """
                import sys
                from shapely.geometry import MultiPoint, Point
                lines = sys.stdin.read().split("\\n")
                hull = MultiPoint([tuple(map(float, p.split())) for p in lines[0].split(",")]).convex_hull.buffer(5000, quad_segs=8)
                for l in lines[1:]:
                    if l:
                        k, x, y = l.split()
                        if hull.covers(Point(float(x), float(y))): print(k)
                """,
                input: members.map { "\($0.x) \($0.y)" }.joined(separator: ",") + "\n"
                    + towns.map { "\($0.0) \($0.1.x) \($0.1.y)" }.joined(separator: "\n"))
            #expect(Set(out.split(separator: "\n").map(String.init)) == ids, "\(row.element.id)")
        }
        let axis = try #require(report.rows.first { $0.element.id == "north-south-axis" })
        #expect(axis.settlements.allSatisfy { $0.1 <= 5000 })
        #expect(
            Set(axis.settlements.map(\.0.id)).isSuperset(of: ["guangrao-xiancheng", "zhuchengqu", "hekou-chengqu"]))
    }

    @Test func unknownLayoutMemberIsAnError() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write(
            "dataset.yaml",
            try text.replacingExisting(
                "members: [\"guangrao-xiancheng\", \"daozhuang\", \"dawang\"]",
                with: "members: [\"guangrao-xiancheng\", \"atlantis\"]"))
        #expect(
            b.errors().contains { $0.featureId == "south-wing" && $0.message.contains("layout member \"atlantis\"") })
    }
}
