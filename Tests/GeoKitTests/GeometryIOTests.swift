import Foundation
import JSONKit
import Testing

@testable import GeoKit

@Suite struct GeometryIOTests {
    let square: Geometry = .polygon([
        [.init(x: 0, y: 0), .init(x: 4, y: 0), .init(x: 4, y: 4), .init(x: 0, y: 4), .init(x: 0, y: 0)]
    ])

    @Test func wktRoundTrip() throws {
        let ctx = try GEOSContext()
        let g = try GEOSGeometry(wkt: "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 1 1))", in: ctx)
        #expect(try g.wkt(decimals: 3) == "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 1 1))")
        #expect(
            try g.value()
                == .polygon([
                    [.init(x: 0, y: 0), .init(x: 4, y: 0), .init(x: 4, y: 4), .init(x: 0, y: 4), .init(x: 0, y: 0)],
                    [.init(x: 1, y: 1), .init(x: 1, y: 2), .init(x: 2, y: 2), .init(x: 1, y: 1)],
                ]))
    }

    @Test func wkbRoundTrip() throws {
        let ctx = try GEOSContext()
        let value: Geometry = .multiLineString([
            [.init(x: 1.5, y: 2), .init(x: 3, y: 4)], [.init(x: -1, y: 0), .init(x: 0, y: 9)],
        ])
        let wkb = try GEOSGeometry(value, in: ctx).wkb()
        #expect(wkb.count == 1 + 4 + 4 + 2 * (1 + 4 + 4 + 2 * 16))
        #expect(try GEOSGeometry(wkb: wkb, in: ctx).value() == value)
    }

    @Test func everyTypeSurvivesGEOS() throws {
        let ctx = try GEOSContext()
        let values: [Geometry] = [
            .point(.init(x: 1, y: 2)),
            .lineString([.init(x: 0, y: 0), .init(x: 1, y: 1)]),
            square,
            .multiPoint([.init(x: 0, y: 0), .init(x: 5, y: 5)]),
            .multiPolygon([[[.init(x: 0, y: 0), .init(x: 1, y: 0), .init(x: 1, y: 1), .init(x: 0, y: 0)]]]),
            .geometryCollection([.point(.init(x: 1, y: 1)), .lineString([.init(x: 0, y: 0), .init(x: 2, y: 0)])]),
        ]
        for v in values { #expect(try GEOSGeometry(v, in: ctx).value() == v) }
    }

    @Test func badWKTCarriesGEOSMessage() throws {
        let ctx = try GEOSContext()
        do {
            _ = try GEOSGeometry(wkt: "POLYGON ((0 0, 1 1", in: ctx)
            Issue.record("expected a parse error")
        } catch let GeoKitError.geos(operation, message) {
            #expect(operation == "GEOSWKTReader_read_r")
            #expect(message.contains("ParseException"))
        }
    }

    @Test func geoJSONGeometryRoundTrip() throws {
        let text = #"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}"#
        let g = try Geometry(geoJSON: JSONValue.parse(text))
        #expect(g == square)
        #expect(g.geoJSON().serialized() == text)
    }

    @Test(arguments: [
        (#"{"type":"Point","coordinates":[NaN, 1]}"#, "longitude is nan"),
        (#"{"type":"Point","coordinates":[1]}"#, "at least two numbers"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, "not closed"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, "at least 4 positions"),
        (#"{"type":"Circle","coordinates":[0,0]}"#, "unknown geometry type"),
        (#"{"coordinates":[0,0]}"#, "no \"type\""),
        (#"{"type":"LineString","coordinates":[[0,"a"],[1,1]]}"#, "must be numbers"),
    ])
    func geoJSONErrorsSayWhatIsWrong(text: String, expected: String) throws {
        do {
            _ = try Geometry(geoJSON: JSONValue.parse(text))
            Issue.record("expected an error for \(text)")
        } catch let GeoKitError.invalidInput(message) {
            #expect(message.contains(expected), "\(message)")
        }
    }

    @Test func rightHandRule() {
        let cw: [Coordinate] = [
            .init(x: 0, y: 0), .init(x: 0, y: 4), .init(x: 4, y: 4), .init(x: 4, y: 0), .init(x: 0, y: 0),
        ]
        let holeCCW: [Coordinate] = [.init(x: 1, y: 1), .init(x: 2, y: 1), .init(x: 2, y: 2), .init(x: 1, y: 1)]
        guard case .polygon(let rings) = Geometry.polygon([cw, holeCCW]).rightHandOriented() else {
            Issue.record("not a polygon")
            return
        }
        #expect(Geometry.isCounterClockwise(rings[0]))
        #expect(!Geometry.isCounterClockwise(rings[1]))
        #expect(Set(rings[0]) == Set(cw))
    }
}
