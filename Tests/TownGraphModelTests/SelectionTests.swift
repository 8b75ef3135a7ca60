import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphModel

@Suite struct SelectionTests {
    @Test func namesPinyinAndIds() throws {
        let d = try dongying()
        for term in ["大王镇", "大王", "dawang", "Dawang", "DAWANG"] {
            #expect(try Selection.settlementId(named: term, in: d) == "dawang")
        }
        #expect(try Selection.settlementId(named: "Yong'an", in: d) == "yongan")
        #expect(try Selection.settlementId(named: "guangrao xiancheng", in: d) == "guangrao-xiancheng")
        #expect(throws: SelectionError.constituent(term: "六户镇", partOf: "zhuchengqu")) {
            try Selection.settlementId(named: "六户镇", in: d)
        }
        #expect(throws: SelectionError.self) { try Selection.settlementId(named: "青岛", in: d) }
    }

    @Test func countyByAnyName() throws {
        let d = try dongying()
        let expected = [
            "guangrao-xiancheng", "huangsanjiao-nonggaoqu", "dawang", "daozhuang", "lique", "damatou", "chenguan",
            "huaguan",
        ]
        for term in ["广饶县", "guangrao-county", "Guangrao Xian", "370523"] {
            #expect(try Selection([.county([term])]).apply(to: d).map(\.id) == expected)
        }
    }

    @Test func criteriaCompose() throws {
        let d = try dongying()
        let s = Selection([.level(["重点镇"])]).and(.county(["广饶县"]))
        #expect(try s.apply(to: d).map(\.id) == ["dawang", "daozhuang"])
        let alternatives = Selection([.level(["key town", "small-town"]), .functionType(["工业商贸型"])])
        #expect(try alternatives.apply(to: d).count == 9)
        #expect(try Selection([.level(["2"])]).apply(to: d).count == 5)
    }

    @Test func unknownTermListsKnownOnes() throws {
        let d = try dongying()
        do {
            _ = try Selection([.functionType(["现代农业型"])]).apply(to: d)
            Issue.record("expected an error")
        } catch let e as SelectionError {
            #expect(
                e.description
                    == "unknown function type \"现代农业型\"; known: comprehensive, industry-commerce, agriculture-fishery, eco-tourism"
            )
        }
    }

    @Test func nearMatchesPyprojDistances() throws {
        let d = try dongying()
        let input = d.settlements.compactMap { s in s.location.map { "\(s.id) \($0.lon) \($0.lat)" } }.joined(
            separator: "\n")
        let out = try Python.run(
            """
            import sys, math
            from pyproj import Transformer
            t = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
            rows = [l.split() for l in sys.stdin.read().split("\\n") if l]
            pts = {r[0]: t.transform(float(r[1]), float(r[2])) for r in rows}
            o = pts["guangrao-xiancheng"]
            for k, p in pts.items():
                print(k, repr(math.hypot(p[0] - o[0], p[1] - o[1])))
            """, input: input)
        var distance: [String: Double] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            distance[String(parts[0])] = Double(parts[1])!
        }
        for km in [5.0, 12.5, 20, 40] {
            let mine = try Selection([.near(settlement: "广饶县城", metres: km * 1000)]).apply(to: d).map(\.id)
            let expected = d.settlements.map(\.id).filter { (distance[$0] ?? .infinity) <= km * 1000 }
            #expect(mine == expected, "within \(km) km")
        }
        #expect(throws: SelectionError.notLocated("刁口乡")) {
            try Selection([.near(settlement: "刁口乡", metres: 1000)]).apply(to: d)
        }
    }

    @Test func insidePolygonMatchesShapely() throws {
        let d = try dongying()
        let lijin = try #require(d.county(id: "lijin-county"))
        let mine = try Selection([.inside(lijin.boundary)]).apply(to: d).map(\.id)
        #expect(mine == ["lijin-xiancheng", "chenzhuang", "beisong", "yanwo", "tingluo", "mingji"])
        // A hand-made box cross-checked with shapely.
        let box: Geometry = .polygon([
            [
                .init(x: 118.3, y: 37.3), .init(x: 118.7, y: 37.3), .init(x: 118.7, y: 37.7), .init(x: 118.3, y: 37.7),
                .init(x: 118.3, y: 37.3),
            ]
        ])
        let input = d.settlements.compactMap { s in s.location.map { "\(s.id) \($0.lon) \($0.lat)" } }.joined(
            separator: "\n")
        let out = try Python.run(
            """
            import sys
            from shapely.geometry import Point, box
            b = box(118.3, 37.3, 118.7, 37.7)
            for l in sys.stdin.read().split("\\n"):
                k, x, y = l.split()
                if b.covers(Point(float(x), float(y))): print(k)
            """, input: input)
        let expected = out.split(separator: "\n").map(String.init)
        #expect(try Selection([.inside(box)]).apply(to: d).map(\.id) == expected)
        #expect(expected.count > 5)
    }
}
