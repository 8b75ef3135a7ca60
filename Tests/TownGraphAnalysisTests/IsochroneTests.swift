import Foundation
import GeoKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

@Suite struct IsochroneTests {
    func dongyingGraph(_ places: [String]) throws -> (Dataset, TravelGraph) {
        let d = try dongying()
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let chosen = d.places.filter { places.contains($0.id) }
        return (d, try TravelGraph.build(network: n, scenario: nil, places: chosen, metricCRS: d.metricCRS))
    }

    /// The area of a (sliver) geometry in WGS84 degrees, in approximate square metres at
    /// Dongying's latitude. Slivers are measured this way rather than by projecting them:
    /// projecting bends their long straight edges and gives them area they do not have.
    func squareMetres(_ g: GEOSGeometry) throws -> Double {
        try g.area() * 111_320 * 111_320 * cos(37.5 * .pi / 180)
    }

    @Test func cutInterpolatesAlongThePolyline() {
        let line = [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10)]
        #expect(TravelGraph.cut(line, from: 0, to: 0.25) == [Coordinate(x: 0, y: 0), Coordinate(x: 5, y: 0)])
        #expect(TravelGraph.cut(line, from: 0.75, to: 1) == [Coordinate(x: 10, y: 5), Coordinate(x: 10, y: 10)])
        #expect(
            TravelGraph.cut(line, from: 0.25, to: 0.75) == [
                Coordinate(x: 5, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 5),
            ])
    }

    @Test func partialSegmentsStopWhereTheLimitFalls() throws {
        let g = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil, places: GraphFixture.places, metricCRS: "EPSG:4549")
        let a = g.node(of: "a")!
        let search = g.times(fromAny: [a])
        for limit in [60.0, 180, 400] {
            let pieces = g.reachedPieces(search, within: limit, sources: [a])
            #expect(!pieces.isEmpty)
            // Every piece lies in reach: its time from the origin, by distance at the segment's
            // speed, never exceeds the limit. Check total reached length grows with the limit.
            let length = pieces.map { p in zip(p, p.dropFirst()).map { hypot($1.x - $0.x, $1.y - $0.y) }.reduce(0, +) }
                .reduce(0, +)
            #expect(length > 0)
        }
        let short = g.reachedPieces(search, within: 60, sources: [a]).count
        let long = g.reachedPieces(search, within: 400, sources: [a]).count
        #expect(long > short)
    }

    @Test func guaranteesHoldOnDongying() throws {
        let (_, g) = try dongyingGraph(["zhuchengqu", "guangrao-xiancheng"])
        let isos = try g.isochrones(from: ["zhuchengqu"], minutes: [30, 45, 90])
        #expect(isos.map(\.minutes) == [30, 45, 90])
        let ctx = try GEOSContext()
        let m = try MetricProjection(crs: g.metricCRS, context: ctx)
        let polys = try isos.map { try GEOSGeometry($0.polygon, in: ctx) }
        for (iso, p) in zip(isos, polys) {
            let reason = try p.validityReason()
            #expect(reason == "Valid Geometry", "\(iso.minutes) min polygon is invalid: \(reason)")
            #expect(iso.areaKm2 > 0)
            // Every reached piece lies inside its polygon.
            let search = g.times(fromAny: [g.node(of: "zhuchengqu")!])
            let pieces = g.reachedPieces(search, within: iso.minutes * 60, sources: [g.node(of: "zhuchengqu")!])
            let lines = try GEOSGeometry(m.unproject(.multiLineString(pieces)), in: ctx)
            #expect(try p.covers(lines), "reached roads outside the \(iso.minutes) min polygon")
        }
        // Nested: 30 within 45 within 90; after rounding to 6 decimals (0.1 m) the rounded
        // vertices may stray by that much, which leaves at most slivers of a few hundred m².
        for (inner, outer) in zip(polys, polys.dropFirst()) {
            #expect(try squareMetres(inner.difference(outer)) < 1e-3)
        }
        let rounded = try isos.map { try GEOSGeometry($0.polygon.rounded(toDecimals: 6), in: ctx) }
        for (inner, outer) in zip(rounded, rounded.dropFirst()) {
            #expect(try squareMetres(inner.difference(outer)) < 1e-5 * m.areaSquareMetres(inner.value()))
            #expect(try inner.isValid && outer.isValid)
        }
        #expect(isos[0].areaKm2 < isos[1].areaKm2 && isos[1].areaKm2 < isos[2].areaKm2)
    }

    @Test func areaMatchesShapelyBufferAndUnion() throws {
        let (_, g) = try dongyingGraph(["guangrao-xiancheng"])
        let search = g.times(fromAny: [g.node(of: "guangrao-xiancheng")!])
        let pieces = g.reachedPieces(search, within: 45 * 60, sources: [g.node(of: "guangrao-xiancheng")!])
        var options = IsochroneOptions()
        options.keepSlivers = true
        let iso = try g.isochrones(from: ["guangrao-xiancheng"], minutes: [45], options: options)[0]
        let text = pieces.map { $0.map { "\($0.x) \($0.y)" }.joined(separator: ",") }.joined(separator: "\n")
        let out = try Python.run(
            """
            import sys
            import shapely
            from shapely.geometry import LineString
            lines = [LineString([tuple(map(float, p.split())) for p in l.split(",")]) for l in sys.stdin.read().split("\\n") if l]
            print(repr(shapely.union_all([l.buffer(500, quad_segs=4) for l in lines]).area))
            """, input: text)
        let expected = Double(out.trimmingCharacters(in: .whitespacesAndNewlines))! / 1e6
        #expect(abs(iso.areaKm2 - expected) / expected < 0.005, "GeoKit \(iso.areaKm2) km², shapely \(expected) km²")
    }

    @Test func sliversAreDropped() throws {
        let m = try MetricProjection(crs: "EPSG:4549")
        func square(_ x: Double, _ size: Double) throws -> [[Coordinate]] {
            let ring = [
                Coordinate(x: x, y: 4_150_000), Coordinate(x: x + size, y: 4_150_000),
                Coordinate(x: x + size, y: 4_150_000 + size),
                Coordinate(x: x, y: 4_150_000 + size), Coordinate(x: x, y: 4_150_000),
            ]
            guard case .polygon(let r) = try m.unproject(.polygon([ring])) else { return [] }
            return r
        }
        let g = try GEOSGeometry(.multiPolygon([try square(500_000, 2000), try square(510_000, 100)]), in: m.context)
        let kept = try dropSlivers(g, minKm2: 0.5, projection: m)
        #expect(try kept.partCount == 1)
        #expect(abs(try m.areaSquareMetres(kept.value()) - 4e6) < 1)
    }
}

@Suite struct BandUnionTests {
    /// On a dense grid the pruned union covers the same area as uniting every buffer.
    @Test func prunedUnionEqualsTheFullUnion() throws {
        let (network, places) = SyntheticRoadNetwork.make(nodes: 3000, towns: 20, seed: 3)
        let g = try TravelGraph.build(network: network, scenario: nil, places: places, metricCRS: "EPSG:4549")
        let pieces = try g.reachedRoads(from: [places[0].id], minutes: [25])[0]
        #expect(pieces.count > 500)
        let ctx = try GEOSContext()
        let full = try GEOSGeometry.unionOfBuffers(pieces, width: 400, quadrantSegments: 4, in: ctx)
        let pruned = try BandUnion.union(pieces, width: 400, quadrantSegments: 4, context: ctx, directBelow: 0)
        #expect(try pruned.isValid)
        #expect(abs(try pruned.area() - full.area()) / (try full.area()) < 1e-4)
        #expect(try full.symmetricDifferenceArea(pruned) / (try full.area()) < 1e-4)
        #expect(try pruned.covers(GEOSGeometry(.multiLineString(pieces), in: ctx)))
    }
}

extension GEOSGeometry {
    func symmetricDifferenceArea(_ other: GEOSGeometry) throws -> Double {
        try difference(other).area() + other.difference(self).area()
    }
}
