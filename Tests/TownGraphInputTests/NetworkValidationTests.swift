import Foundation
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// Bad network files and targets get errors naming the file and the feature.
@Suite struct NetworkValidationTests {
    func loadNetwork(_ b: BrokenDataset) throws -> [DatasetIssue] {
        let d = try DatasetLoader.load(directory: b.dir.path)
        do {
            _ = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
            return []
        } catch let e as InputError {
            return e.issues
        }
    }

    func expect(
        _ issues: [DatasetIssue], index: Int, id: String, _ text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            issues.contains {
                $0.file == "network.geojson" && $0.featureIndex == index && $0.featureId == id
                    && $0.message.contains(text)
            },
            "no issue [\(index)] \(id) containing \(text): \(issues)", sourceLocation: sourceLocation)
    }

    @Test func brokenGeometry() throws {
        let b = try BrokenDataset()
        try b.editFeatures("network.geojson") { f in
            f[0]["geometry"] = ["type": "LineString", "coordinates": [[118.5, 37.4]]]
            f[1]["geometry"] = [
                "type": "Polygon", "coordinates": [[[118.5, 37.4], [118.6, 37.4], [118.6, 37.5], [118.5, 37.4]]],
            ]
            f[2]["geometry"] = ["type": "LineString", "coordinates": [[118.5, 37.4], [118.5, 37.4]]]
        }
        let issues = try loadNetwork(b)
        expect(issues, index: 0, id: "g25", "broken geometry: coordinates: needs at least 2 positions")
        expect(issues, index: 1, id: "g2516", "must be a LineString (road) or a Point (interchange), found Polygon")
        expect(issues, index: 2, id: "g18", "fewer than two distinct positions")
    }

    @Test func badSpeedsAndClasses() throws {
        let b = try BrokenDataset()
        try b.editFeatures("network.geojson") { f in
            f.setProperty("g25", "speed_kmh", -20)
            f.setProperty("g18", "speed_kmh", 0)
            f.setProperty("s7201", "class", "motorway")
            f.setProperty("rongwu-hekou-link", "year", NSNull())
        }
        let issues = try loadNetwork(b)
        expect(issues, index: 0, id: "g25", "speed_kmh must be a positive number of km/h, found -20")
        expect(issues, index: 2, id: "g18", "speed_kmh must be a positive number of km/h, found 0")
        expect(issues, index: 3, id: "s7201", "unknown road class \"motorway\"")
        expect(issues, index: 4, id: "rongwu-hekou-link", "a planned feature needs its year")
        #expect(issues.count == 4)
    }

    /// A crs member is honoured; coordinates that cannot be in the CRS it names are an error
    /// that says where they land.
    @Test func networkInAnotherCRSThanItsCoordinatesIsNamed() throws {
        let b = try BrokenDataset()
        let text = try b.read("network.geojson")
        try b.write(
            "network.geojson",
            try text.replacingExisting(
                "\"type\": \"FeatureCollection\",",
                with:
                    "\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:4549\"}},"
            ))
        let issues = try loadNetwork(b)
        #expect(
            issues.first?.message.contains(
                "feature 0: read as EPSG:4549 (its crs member), its coordinates (118.569638, 37.644368) land at 115.5141, 0.0003, 24° outside the area of use of EPSG:4549"
            ) == true, "\(issues)")
    }

    @Test func targetNamingAnUnknownSelection() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write(
            "dataset.yaml",
            try text
                .replacingExisting(
                    "      - sub_class: [\"county-seat\"]\n    minutes: 45",
                    with: "      - level: [\"村\"]\n    minutes: 45"
                )
                .replacingExisting("relation: nearest", with: "relation: closest"))
        let errors = b.errors()
        #expect(
            errors.contains {
                $0.file == "dataset.yaml" && $0.featureId == "centre-to-counties"
                    && $0.message.contains("destinations[0]: unknown level \"村\"")
            }, "\(errors)")
        #expect(
            errors.contains {
                $0.featureId == "towns-to-expressway" && $0.message.contains("relation \"closest\" is unknown")
            }, "\(errors)")
    }

    @Test func placeTooFarFromRoadsIsNotAttachedAndReported() throws {
        let g = try TravelGraph.build(
            network: GraphFixture.network(), scenario: nil, places: GraphFixture.places, metricCRS: "EPSG:4549")
        let target = TravelTimeTarget(
            id: "t", planSentence: "…", planSection: nil, relation: .eachToEach,
            origins: PlaceSelection([]), destinations: nil, minutes: 30, status: .binding, note: nil)
        let places = Dictionary(GraphFixture.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let r = AccessibilityCheck.check(
            target, origins: [places["a"]!],
            destinations: [places["b"]!, places["far"]!, places["nowhere"]!, places["island-town"]!], graph: g)
        #expect(r.pairs.map(\.outcome) == [.passed, .notAttached, .notLocated, .unreachable])
        #expect(!r.holds)
        #expect(r.worst?.destination?.id == "island-town")
        #expect(r.notLocated == 2 && r.unreachable == 1)
    }
}
