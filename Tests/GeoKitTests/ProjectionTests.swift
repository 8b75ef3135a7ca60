import Foundation
import TestSupport
import Testing

@testable import GeoKit

@Suite struct ProjectionTests {
    static let points: [Coordinate] = [
        .init(lon: 118.668961, lat: 37.433296),  // 东营市政府
        .init(lon: 118.401101, lat: 37.052812),  // 广饶县城
        .init(lon: 118.857564, lat: 37.9389),  // 仙河镇
        .init(lon: 117.113968, lat: 36.650766),  // 济南市
    ]

    @Test func forwardMatchesPyproj() throws {
        let t = try CRSTransformer(from: "EPSG:4326", to: "EPSG:4549")
        let mine = try t.transform(Self.points)
        let input = Self.points.map { "\($0.lon) \($0.lat)" }.joined(separator: "\n")
        let out = try Python.run(
            """
            import sys
            from pyproj import Transformer
            t = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
            for line in sys.stdin.read().split("\\n"):
                x, y = map(float, line.split())
                e, n = t.transform(x, y)
                print(repr(e), repr(n))
            """, input: input)
        let expected = out.split(separator: "\n").map { $0.split(separator: " ").map { Double($0)! } }
        #expect(expected.count == mine.count)
        for (m, e) in zip(mine, expected) {
            #expect(abs(m.x - e[0]) < 1e-3, "easting \(m.x) vs \(e[0])")
            #expect(abs(m.y - e[1]) < 1e-3, "northing \(m.y) vs \(e[1])")
        }
        // Easting first, whatever the CRS declares (EPSG:4549 declares northing first).
        #expect(mine[0].x > 300_000 && mine[0].x < 700_000)
        #expect(mine[0].y > 4_000_000)
    }

    @Test func roundTripIsExactToMillimetres() throws {
        let f = try CRSTransformer(from: "EPSG:4326", to: "EPSG:4549")
        let b = try CRSTransformer(from: "EPSG:4549", to: "EPSG:4326")
        for p in Self.points {
            let back = try b.transform(f.transform(p))
            #expect(abs(back.lon - p.lon) < 1e-9 && abs(back.lat - p.lat) < 1e-9)
        }
    }

    @Test func geographicCRSsKeepLongitudeFirst() throws {
        // EPSG:4326 declares latitude first; GeoKit still takes and returns lon, lat.
        let t = try CRSTransformer(from: "EPSG:4326", to: "EPSG:4490")
        let p = try t.transform(Coordinate(lon: 118.5, lat: 37.5))
        #expect(abs(p.lon - 118.5) < 1e-6 && abs(p.lat - 37.5) < 1e-6)
    }

    @Test func unknownCRSIsASwiftErrorWithPROJsMessage() {
        do {
            _ = try CRSTransformer(from: "EPSG:4326", to: "EPSG:999999")
            Issue.record("expected an error")
        } catch let GeoKitError.proj(operation, message) {
            #expect(operation.contains("EPSG:999999"))
            #expect(!message.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: GeoKitError.self) { try CoordinateReferenceSystem("+proj=merc +ellps=GRS80 +bogus=") }
        #expect(throws: GeoKitError.self) { try CoordinateReferenceSystem("not a crs at all") }
    }

    @Test func crsFacts() throws {
        let gk = try CoordinateReferenceSystem("EPSG:4549")
        #expect(gk.name == "CGCS2000 / 3-degree Gauss-Kruger CM 120E")
        #expect(!gk.isGeographic)
        #expect(try CoordinateReferenceSystem("EPSG:4326").isGeographic)
    }

    @Test func suggestedMetricCRS() throws {
        #expect(MetricCRS.suggested(for: .init(lon: 118.6, lat: 37.4)) == "EPSG:4549")  // Dongying: CM 120E
        #expect(MetricCRS.suggested(for: .init(lon: 117.1, lat: 36.7)) == "EPSG:4548")  // Jinan: CM 117E
        #expect(MetricCRS.suggested(for: .init(lon: 121.4, lat: 37.5)) == "EPSG:4549")  // Yantai
        #expect(MetricCRS.suggested(for: .init(lon: 24.94, lat: 60.17)) == "EPSG:32635")  // Helsinki: UTM 35N
        #expect(MetricCRS.suggested(for: .init(lon: 151.2, lat: -33.9)) == "EPSG:32756")  // Sydney: UTM 56S
        for code in ["EPSG:4549", "EPSG:4548", "EPSG:32635", "EPSG:32756"] {
            #expect(try !CoordinateReferenceSystem(code).isGeographic)
        }
    }

    @Test func metricMeasuresMatchShapelyInTheSameCRS() throws {
        let m = try MetricProjection(crs: "EPSG:4549")
        let line: Geometry = .lineString([Self.points[0], Self.points[1], Self.points[2]])
        let length = try m.lengthMetres(line)
        let buffered = try m.buffer(.point(Self.points[0]), metres: 1000)
        let area = try m.areaSquareMetres(buffered)
        let out = try Python.run(
            """
            from pyproj import Transformer
            from shapely.geometry import LineString, Point
            from shapely.ops import transform
            t = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
            pts = [(118.668961, 37.433296), (118.401101, 37.052812), (118.857564, 37.9389)]
            line = transform(t.transform, LineString(pts))
            print(repr(line.length), repr(Point(t.transform(*pts[0])).buffer(1000, quad_segs=8).area))
            """)
        let e = out.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(length - e[0]) < 1e-3, "length \(length) vs \(e[0])")
        // The buffer went to WGS84 and back; its area agrees to well under 0.01%.
        #expect(abs(area - e[1]) / e[1] < 1e-4, "area \(area) vs \(e[1])")
        #expect(abs(area - .pi * 1e6) / (.pi * 1e6) < 0.01)
    }
}
