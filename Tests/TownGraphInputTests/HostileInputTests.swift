import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel

/// Input made to break the loader: numbers past the range of the types they become, and
/// the like. Each must give an error naming the file and feature, never a trap.
@Suite struct HostileInputTests {
    @Test(arguments: [1e19, 9.3e18, 1e300, 10_000_000_001])
    func populationPastIntRangeIsAnError(value: Double) throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { features in
            features.setProperty("dawang", "population_max", value)
        }
        let errors = b.errors()
        let match = errors.first { $0.file == "settlements.geojson" && $0.featureId == "dawang" }
        #expect(
            match?.message.contains("population_max must be a whole number of persons from 0 to 10000000000") == true,
            "\(errors)")
    }

    @Test func manifestIntegerPastIntRangeIsAnError() throws {
        let b = try BrokenDataset()
        let yaml = try b.read("dataset.yaml").replacingExisting(
            "base_year: 2020", with: "base_year: 99999999999999999999999")
        try b.write("dataset.yaml", yaml)
        let errors = b.errors()
        #expect(
            errors.count == 1 && errors[0].file == "dataset.yaml" && errors[0].message.contains("plan.base_year"),
            "\(errors)")
    }
}

/// The OpenStreetMap import's memory budget: node references of the kept road ways.
@Suite struct ImportBudgetTests {
    @Test func overBudgetNamesTheFileAndBlock() throws {
        let path = TestPaths.osm("helsinki.osm.pbf")
        var options = OSMImportOptions()
        options.nodeRefBudget = 1000
        #expect { _ = try OSMRoadImport.read(path: path, options: options) } throws: {
            let text = "\($0)"
            return text.hasPrefix(path + ", block ") && text.contains("more than 1000 node references")
                && text.contains("made to exhaust memory")
        }
    }

    @Test func theDefaultBudgetLeavesRealExtractsRoom() throws {
        // Helsinki (685 KB) keeps under 20,000 references: a hundredth of its default budget.
        let path = TestPaths.osm("helsinki.osm.pbf")
        let bytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        var options = OSMImportOptions()
        options.nodeRefBudget = 20_000
        let (network, _) = try OSMRoadImport.read(path: path, options: options)
        #expect(!network.links.isEmpty)
        #expect(max(OSMImportOptions.minimumNodeRefBudget, OSMImportOptions.nodeRefsPerByte * bytes) >= 100 * 20_000)
    }
}
