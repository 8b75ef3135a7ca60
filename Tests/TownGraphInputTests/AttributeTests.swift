import Foundation
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

/// Datasets may declare per-settlement attributes and give settlements several roles.
@Suite struct AttributeTests {
    func dataset(_ edit: (inout [[String: Any]]) -> Void) throws -> BrokenDataset {
        let b = try BrokenDataset()
        let yaml = try b.read("dataset.yaml")
        try b.write(
            "dataset.yaml",
            yaml + """
                attributes:
                  - id: urbanization_target_2025
                    name_zh: "2025年城镇化率目标"
                    name_en: "urbanization-rate target 2025"
                    unit: "%"

                """)
        try b.editFeatures("settlements.geojson", edit)
        return b
    }

    @Test func attributesAndRolesLoadListAndExport() throws {
        let b = try dataset { f in
            f.setProperty("guangrao-xiancheng", "urbanization_target_2025", 66.5)
            f.setProperty("guangrao-xiancheng", "roles", ["全国百强县", "县城新型城镇化建设示范县"])
        }
        let d = try DatasetLoader.load(directory: b.dir.path)
        let s = try #require(d.settlement(id: "guangrao-xiancheng"))
        #expect(s.attributes["urbanization_target_2025"] == .number(66.5))
        #expect(s.roles == ["全国百强县", "县城新型城镇化建设示范县"])
        let csv = SettlementListing.render([s], of: d, format: .csv)
        #expect(csv.hasPrefix("id,name_zh,") && csv.contains(",roles,urbanization_target_2025"))
        #expect(csv.contains("全国百强县; 县城新型城镇化建设示范县,66.5"))
        let table = SettlementListing.render([s], of: d, format: .table)
        #expect(table.contains("2025年城镇化率目标 (%)") && table.contains("66.5"))
        let feature = GeoJSONWriter().json(GeoJSONExport().feature(s))
        #expect(feature["properties"]?["urbanization_target_2025"] == .number(66.5))
        #expect(feature["properties"]?["roles"] == .array([.string("全国百强县"), .string("县城新型城镇化建设示范县")]))
        #expect(HierarchySummary(d).renderText().contains("广饶县城 66.5"))
    }

    @Test func badAttributeAndRoleValuesAreErrors() throws {
        let b = try dataset { f in
            f.setProperty("dawang", "urbanization_target_2025", ["x"])
            f.setProperty("gudao", "roles", "not a list")
        }
        let errors = b.errors()
        #expect(
            errors.contains {
                $0.featureId == "dawang"
                    && $0.message.contains("urbanization_target_2025 must be a number or a text, found an array")
            })
        #expect(errors.contains { $0.featureId == "gudao" && $0.message.contains("roles must be a list of texts") })
    }
}
