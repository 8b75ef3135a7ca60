import Foundation
import TestSupport
import Testing

@testable import GeoKit

/// Every GEOS operation GeoKit offers, computed here and by shapely 2 on the same WKT,
/// compared value by value.
@Suite struct OperationsCrossCheckTests {
    static let inputs = [
        "POLYGON ((0 0, 10 0, 10 6, 6 6, 6 10, 0 10, 0 0))",
        "POLYGON ((0 0, 20 0, 20 20, 0 20, 0 0), (5 5, 5 15, 15 15, 15 5, 5 5))",
        "MULTIPOLYGON (((0 0, 3 0, 3 3, 0 3, 0 0)), ((2 2, 6 2, 6 6, 2 6, 2 2)))",
        "LINESTRING (0 0, 3 4, 6 0, 9 4)",
        "MULTIPOINT ((0 0), (10 0), (5 2), (5 8), (0 10), (10 10), (4 5))",
        "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))",
    ]
    static let other = "POLYGON ((8 8, 14 8, 14 14, 8 14, 8 8))"

    static let script = """
        import json, sys
        import shapely
        from shapely import wkt
        inputs = json.load(sys.stdin)
        other = wkt.loads(inputs["other"])
        out = []
        for text in inputs["geoms"]:
            g = wkt.loads(text)
            valid = bool(shapely.is_valid(g))
            r = {
              "area": g.area, "length": g.length,
              "buffer_area": g.buffer(1.5, quad_segs=8).area,
              "union_area": shapely.union_all(shapely.get_parts(g)).area if valid else None,
              "hull_area": g.convex_hull.area,
              "concave_area": shapely.concave_hull(g, ratio=0.3).area,
              "centroid": list(g.centroid.coords[0]),
              "distance": g.distance(other),
              "intersects": bool(g.intersects(other)), "contains": bool(g.contains(other)),
              "touches": bool(g.touches(other)), "within": bool(g.within(other)), "covers": bool(g.covers(other)),
              "valid": valid, "reason": shapely.is_valid_reason(g),
              "make_valid_area": shapely.make_valid(g).area,
            }
            out.append(r)
        print(json.dumps(out))
        """

    @Test func matchesShapely() throws {
        let payload = try JSONSerialization.data(withJSONObject: ["geoms": Self.inputs, "other": Self.other])
        let expected = try #require(
            Python.json(Self.script, input: String(decoding: payload, as: UTF8.self)) as? [[String: Any]])
        #expect(expected.count == Self.inputs.count)
        let ctx = try GEOSContext()
        let other = try GEOSGeometry(wkt: Self.other, in: ctx)
        for (text, e) in zip(Self.inputs, expected) {
            let g = try GEOSGeometry(wkt: text, in: ctx)
            func close(_ a: Double, _ b: Any?, _ what: String, rel: Double = 1e-9) {
                guard let b = b as? Double else {
                    Issue.record("\(what): shapely gave no number for \(text)")
                    return
                }
                #expect(abs(a - b) <= rel * max(1, abs(b)), "\(what) of \(text): GeoKit \(a), shapely \(b)")
            }
            close(try g.area(), e["area"], "area")
            close(try g.length(), e["length"], "length")
            close(try g.buffer(1.5).area(), e["buffer_area"], "buffer area", rel: 1e-6)
            close(try g.convexHull().area(), e["hull_area"], "convex hull area")
            close(try g.concaveHull(ratio: 0.3).area(), e["concave_area"], "concave hull area", rel: 1e-6)
            close(try g.distance(to: other), e["distance"], "distance")
            close(try g.makeValid().area(), e["make_valid_area"], "make-valid area", rel: 1e-6)
            let c = try g.centroid().value()
            let ec = e["centroid"] as? [Double] ?? []
            if case .point(let p) = c, ec.count == 2 {
                close(p.x, ec[0], "centroid x")
                close(p.y, ec[1], "centroid y")
            } else {
                Issue.record("centroid of \(text): \(c) vs \(ec)")
            }
            #expect(try g.intersects(other) == (e["intersects"] as? Bool), "intersects \(text)")
            #expect(try g.contains(other) == (e["contains"] as? Bool), "contains \(text)")
            #expect(try g.touches(other) == (e["touches"] as? Bool), "touches \(text)")
            #expect(try g.within(other) == (e["within"] as? Bool), "within \(text)")
            #expect(try g.covers(other) == (e["covers"] as? Bool), "covers \(text)")
            #expect(try g.isValid == (e["valid"] as? Bool), "validity \(text)")
            // The kind of problem must agree; the reported location may differ between GEOS
            // versions (shapely bundles its own), as any point of the problem is correct.
            func kind(_ r: String?) -> String? { r.map { String($0.prefix { $0 != "[" }) } }
            let reason = try g.validityReason()
            #expect(
                kind(reason) == kind(e["reason"] as? String), "reason \(text): \(reason) vs \(e["reason"] ?? "none")")
            if let u = e["union_area"] as? Double { close(try g.unaryUnion().area(), u, "union area", rel: 1e-9) }
        }
    }

    @Test func invalidPolygonReasonNamesTheProblem() throws {
        let ctx = try GEOSContext()
        let bowtie = try GEOSGeometry(wkt: "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", in: ctx)
        #expect(try !bowtie.isValid)
        #expect(try bowtie.validityReason().hasPrefix("Self-intersection"))
        let fixed = try bowtie.makeValid()
        #expect(try fixed.isValid)
        #expect(abs(try fixed.area() - 50) < 1e-9)
    }

    @Test func pointOnSurfaceLiesInside() throws {
        let ctx = try GEOSContext()
        let crescent = try GEOSGeometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 8, 8 8, 8 2, 0 2, 0 0))", in: ctx)
        #expect(try crescent.pointOnSurface().within(crescent))
        #expect(try !crescent.centroid().within(crescent))
    }

    @Test func preparedAgreesWithPlainPredicates() throws {
        let ctx = try GEOSContext()
        let poly = try GEOSGeometry(wkt: "POLYGON ((0 0, 10 0, 10 6, 6 6, 6 10, 0 10, 0 0))", in: ctx)
        let prepared = try PreparedGeometry(poly)
        var rng = SplitMix(seed: 7)
        for _ in 0..<500 {
            let p = try GEOSGeometry(.point(.init(x: rng.next() * 12 - 1, y: rng.next() * 12 - 1)), in: ctx)
            #expect(try prepared.contains(p) == poly.contains(p))
            #expect(try prepared.covers(p) == poly.covers(p))
            #expect(try prepared.intersects(p) == poly.intersects(p))
        }
        // A point on the boundary is covered but not contained.
        let edge = try GEOSGeometry(.point(.init(x: 10, y: 3)), in: ctx)
        #expect(try prepared.covers(edge))
        #expect(try !prepared.contains(edge))
    }

    @Test func spatialIndexAgreesWithBruteForce() throws {
        let ctx = try GEOSContext()
        var rng = SplitMix(seed: 42)
        let points: [Geometry] = (0..<800).map { _ in .point(.init(x: rng.next() * 100, y: rng.next() * 100)) }
        let index = try SpatialIndex(points, in: ctx)
        for _ in 0..<40 {
            let q = Coordinate(x: rng.next() * 100, y: rng.next() * 100)
            let qg = try GEOSGeometry(.point(q), in: ctx)
            let nearest = try #require(try index.nearest(to: qg))
            let brute = try index.items.indices.min {
                try index.items[$0].distance(to: qg) < index.items[$1].distance(to: qg)
            }!
            #expect(abs(try index.items[nearest].distance(to: qg) - index.items[brute].distance(to: qg)) < 1e-12)

            let box = try qg.buffer(7)
            let hits = try index.query(intersecting: box)
            let expected = try index.items.indices.filter { try index.items[$0].intersects(box) }
            #expect(hits == expected)
        }
    }

    @Test func errorsAndNoticesStayInsideTheContext() throws {
        let ctx = try GEOSContext()
        let line = try GEOSGeometry(wkt: "LINESTRING (0 0, 1 1)", in: ctx)
        #expect(throws: GeoKitError.self) { try line.concaveHull(ratio: 2) }
        #expect(throws: GeoKitError.self) { try GEOSGeometry(.point(.init(x: .nan, y: 0)), in: ctx) }
    }
}

/// A small deterministic random number generator for reproducible fixtures.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
