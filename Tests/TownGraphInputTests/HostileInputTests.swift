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

/// Values that load but would give wrong answers: a metric CRS that is not in metres or not
/// projected, places far from where the CRS measures, swapped coordinates.
@Suite struct WrongAnswerInputTests {
    /// A small dataset of places around central Helsinki (EPSG:32635 measures there).
    static func helsinki(
        metricCRS: String = "EPSG:32635", places: [(String, Double, Double)]
    ) throws -> TemporaryDirectory {
        try SmallDataset.write(places: places.map { ($0.0, "centre", $0.1, $0.2) }, metricCRS: metricCRS)
    }

    static let places = [
        ("station", 24.9414, 60.1710), ("kamppi", 24.9316, 60.1688), ("katajanokka", 24.9600, 60.1670),
    ]

    static func errors(_ temp: TemporaryDirectory) -> [DatasetIssue] {
        do {
            _ = try DatasetLoader.load(directory: temp.url.path)
            return []
        } catch let e as InputError {
            return e.errors
        } catch {
            return [DatasetIssue(.error, file: "?", "\(error)")]
        }
    }

    @Test(arguments: [
        ("EPSG:2263", "measures in US survey foot, not metres"),
        ("EPSG:4978", "is geocentric"),
        ("EPSG:4326", "is geographic"),
    ])
    func metricCRSMustBeProjectedInMetres(crs: String, message: String) throws {
        let errors = Self.errors(try Self.helsinki(metricCRS: crs, places: Self.places))
        #expect(
            errors.count == 1 && errors[0].file == "dataset.yaml" && errors[0].message.contains(message), "\(errors)")
        #expect(errors.first?.message.contains("it must be a projected CRS in metres, such as EPSG:32635") == true)
    }

    @Test func placesFarOutsideTheMetricCRSAreErrors() throws {
        // EPSG:4549 is a Gauss-Kruger zone for 120°E: Helsinki lies 94° west of it.
        let errors = Self.errors(try Self.helsinki(metricCRS: "EPSG:4549", places: Self.places))
        #expect(errors.count == 3, "\(errors)")
        #expect(
            errors.allSatisfy {
                $0.file == "settlements.geojson"
                    && $0.message.contains("outside the area of use of metric_crs EPSG:4549")
            })
        #expect(errors.first?.message.contains("such as EPSG:32635") == true)
    }

    @Test func swappedCoordinatesAreNamed() throws {
        let errors = Self.errors(try Self.helsinki(places: Self.places + [("swapped", 60.169, 24.95)]))
        #expect(errors.count == 1 && errors[0].featureId == "swapped", "\(errors)")
        #expect(errors.first?.message.contains("coordinates look swapped: 60.169, 24.95 lies") == true)
        #expect(errors.first?.message.contains("24.95, 60.169 would lie among them") == true)
    }

    @Test func aPlaceFarFromTheOthersIsAWarning() throws {
        // Rovaniemi, 700 km north: far, but where the CRS still measures.
        let temp = try Self.helsinki(places: Self.places + [("tallinn", 24.75, 59.44), ("far", 25.72, 66.5)])
        #expect(Self.errors(temp).isEmpty)
        let quiet = try DatasetLoader.load(directory: temp.url.path)
        #expect(quiet.warnings.isEmpty)
        let far = try Self.helsinki(
            metricCRS: "EPSG:32635", places: Self.places + [("beijing", 26.5, 39.9), ("x", 24.9, 60.2)])
        // 2,300 km south, not a swap (39.9, 26.5 is not near Helsinki either), within the CRS's margin: a warning.
        let d = try DatasetLoader.load(directory: far.url.path)
        #expect(
            d.warnings.contains {
                $0.featureId == "beijing" && $0.message.contains("km from the dataset's other places")
            })
    }
}

/// County polygons that load but measure nothing, or everything.
@Suite struct CountyPolygonTests {
    static func errors(_ geometry: [String: Any]) throws -> [DatasetIssue] {
        let b = try BrokenDataset()
        try b.editFeatures("counties.geojson") { features in
            features[0]["geometry"] = geometry
        }
        return b.errors()
    }

    @Test(arguments: ["Polygon", "MultiPolygon"])
    func emptyPolygonIsAnError(type: String) throws {
        let errors = try Self.errors(["type": type, "coordinates": [Any]()])
        #expect(
            errors.contains {
                $0.file == "counties.geojson" && $0.featureIndex == 0 && $0.message.contains("is empty")
            },
            "\(errors)")
    }

    @Test func polygonCoveringTheGlobeIsAnError() throws {
        let ring: [[Double]] = [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]
        let errors = try Self.errors(["type": "Polygon", "coordinates": [ring]])
        #expect(
            errors.contains {
                $0.file == "counties.geojson" && $0.featureIndex == 0 && $0.message.contains("outside the area of use")
            }, "\(errors)")
    }
}
