import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

/// A plan without a functional-type system (Yantai's gives free-text roles) fits the model.
@Suite struct TypelessDatasetTests {
    func write(_ features: String) throws -> TemporaryDirectory {
        let t = try TemporaryDirectory()
        try """
        name: roles-only
        title: "a plan with roles but no function types"
        plan:
          title: "test plan"
        layers:
          settlements: settlements.geojson
        levels:
          - {id: centre, rank: 1, name_zh: "中心城区", name_en: "central city", stated_count: 1}
          - {id: county-city, rank: 2, name_zh: "县级市", name_en: "county-level city", stated_count: 2}

        """.write(toFile: t.path("dataset.yaml"), atomically: true, encoding: .utf8)
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features)]}".write(
            toFile: t.path("settlements.geojson"), atomically: true, encoding: .utf8)
        return t
    }

    static func feature(_ id: String, _ level: String, _ lon: Double, _ extra: String = "") -> String {
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\",\"name_zh\":\"\(id)\",\"level\":\"\(level)\",\"county\":\"\"\(extra)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),37.5]}}"
    }

    @Test func loadsListsExportsAndDraws() throws {
        let t = try write(
            [
                Self.feature("zhifu", "centre", 121.39, ",\"roles\":[\"核心\"]"),
                Self.feature("longkou", "county-city", 120.47, ",\"roles\":[\"县域高质量发展的北方样板\",\"山东龙头\"]"),
                Self.feature("laizhou", "county-city", 119.94),
            ].joined(separator: ","))
        let d = try DatasetLoader.load(directory: t.url.path)
        #expect(d.functionTypes.isEmpty && d.settlements.allSatisfy { $0.functionType == nil })
        #expect(d.settlement(id: "longkou")?.roles == ["县域高质量发展的北方样板", "山东龙头"])
        let text = HierarchySummary(d).renderText()
        #expect(
            !text.contains("Function types") && text.contains("Roles (定位)")
                && text.contains("longkou: 县域高质量发展的北方样板; 山东龙头"))
        #expect(try Selection([.level(["county-city"])]).apply(to: d).count == 2)
        #expect(throws: SelectionError.self) { try Selection([.functionType(["综合型"])]).apply(to: d) }
        #expect(
            GeoJSONWriter().json(GeoJSONExport().feature(d.settlements[0]))["properties"]?["function_type"] == .null)
        let svg = try MapRenderer().render(dataset: d, network: nil)
        #expect(svg.contains("longkou") && !svg.contains("职能类型"))
    }

    @Test func aTypeWhereNoneIsDeclaredIsAnError() throws {
        let t = try write(
            [
                Self.feature("zhifu", "centre", 121.39, ",\"function_type\":\"comprehensive\""),
                Self.feature("longkou", "county-city", 120.47), Self.feature("laizhou", "county-city", 119.94),
            ].joined(separator: ","))
        do {
            _ = try DatasetLoader.load(directory: t.url.path)
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.errors.contains { $0.featureId == "zhifu" && $0.message.contains("declares no function types") })
        }
    }
}

@Suite struct ExternalPlaceTests {
    @Test func externalPlacesLoadSelectAndExport() throws {
        let t = try TypelessDatasetTests().write(
            [
                TypelessDatasetTests.feature("zhifu", "centre", 121.39),
                TypelessDatasetTests.feature("longkou", "county-city", 120.47),
                TypelessDatasetTests.feature("laizhou", "county-city", 119.94),
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"jinan\",\"role\":\"external\",\"name_zh\":\"济南市\",\"kind\":\"city\",\"note\":\"target of the 2-hour link\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[117.11,36.65]}}",
            ].joined(separator: ","))
        let d = try DatasetLoader.load(directory: t.url.path)
        #expect(d.externalPlaces.map(\.id) == ["jinan"])
        #expect(d.settlements.count == 3)
        #expect(d.places.last?.kind == .external)
        let chosen = try PlaceSelection([.init(layer: .external, ids: ["jinan"])]).places(
            in: d, network: nil, scenario: nil)
        #expect(chosen.map(\.name) == ["济南市"])
        #expect(throws: SelectionError.self) {
            try PlaceSelection([.init(layer: .external, ids: ["qingdao"])]).places(in: d, network: nil, scenario: nil)
        }
        let fc = GeoJSONExport().collection(GeoJSONExport.Layer.allCases, of: d)
        #expect(fc["features"]?.arrayValue?.last?["properties"]?["layer"] == .string("external"))
    }

    @Test func aMissingCountyIsAWarningAnUnknownOneAnError() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in f.setProperty("dawang", "county", NSNull()) }
        let d = try DatasetLoader.load(directory: b.dir.path)
        #expect(d.warnings.contains { $0.featureId == "dawang" && $0.message.contains("has no county-level unit") })
        #expect(d.settlement(id: "dawang")?.county == "")
    }
}
