import Foundation
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel

/// Each kind of bad input named in the foundation issue gets an error that names the file
/// and the feature.
@Suite struct ValidationTests {
    func expectError(
        _ errors: [DatasetIssue], file: String, index: Int? = nil, id: String? = nil, contains text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let match = errors.first {
            $0.file == file && $0.message.contains(text) && (index == nil || $0.featureIndex == index)
                && (id == nil || $0.featureId == id)
        }
        #expect(
            match != nil,
            "no error in \(file) [\(index.map(String.init) ?? "-")] containing \"\(text)\"; got:\n\(errors.map(\.description).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }

    @Test func duplicateIds() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in f.setProperty("shengtuo", "id", "dawang") }
        expectError(b.errors(), file: "settlements.geojson", index: 7, id: "dawang", contains: "duplicate id")
    }

    @Test func unknownLevelTypeAndSubClassAreAllReported() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in
            f.setProperty("dawang", "level", "metropolis")
            f.setProperty("gudao", "function_type", "现代农业型")
            f.setProperty("yanwo", "sub_class", "featured-village")
        }
        let errors = b.errors()
        expectError(
            errors, file: "settlements.geojson", index: 6, id: "dawang", contains: "unknown level \"metropolis\"")
        expectError(
            errors, file: "settlements.geojson", index: 11, id: "gudao", contains: "unknown function type \"现代农业型\"")
        expectError(
            errors, file: "settlements.geojson", index: 18, id: "yanwo",
            contains: "unknown sub-class \"featured-village\"")
        #expect(errors.count == 3)
    }

    @Test func subClassOfAnotherLevel() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in f.setProperty("dawang", "sub_class", "featured-town") }
        expectError(b.errors(), file: "settlements.geojson", id: "dawang", contains: "belongs to level \"small-town\"")
    }

    @Test func countDiffersFromThePlan() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in f.setProperty("niuzhuang", "level", "small-town") }
        let errors = b.errors()
        expectError(
            errors, file: "settlements.geojson",
            contains: "the plan states 8 units at level 重点镇 (key-town), the file has 7")
        expectError(
            errors, file: "settlements.geojson",
            contains: "the plan states 14 units at level 小城镇 (small-town), the file has 15")
    }

    @Test func containedUnitThatDoesNotExist() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in
            f.setProperty("zhuchengqu", "contains", ["dongcheng", "xicheng", "kenli-chengqu", "liuhu", "nowhere"])
        }
        expectError(
            b.errors(), file: "settlements.geojson", index: 0, id: "zhuchengqu",
            contains: "contains \"nowhere\", but no constituent")
    }

    @Test func constituentOfAnUnknownUnit() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in f.setProperty("xianhe", "part_of", "atlantis") }
        let errors = b.errors()
        expectError(
            errors, file: "settlements.geojson", id: "xianhe", contains: "part_of \"atlantis\" is not a planning unit")
        expectError(
            errors, file: "settlements.geojson", id: "dongying-gangcheng",
            contains: "that constituent is part_of \"atlantis\"")
    }

    @Test func coordinatesOutOfRange() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in
            let i = f.index(of: "shikou")
            f[i]["geometry"] = ["type": "Point", "coordinates": [568_000.0, 4_140_000.0]]
        }
        expectError(
            b.errors(), file: "settlements.geojson", index: 9, id: "shikou",
            contains: "out of range for longitude/latitude (these look like projected metres")
    }

    @Test func nanCoordinate() throws {
        let b = try BrokenDataset()
        let text = try b.read("settlements.geojson")
        try b.write("settlements.geojson", try text.replacingExisting("118.463058", with: "NaN"))
        expectError(b.errors(), file: "settlements.geojson", index: 13, id: "niuzhuang", contains: "longitude is nan")
    }

    @Test func invalidCountyPolygon() throws {
        let b = try BrokenDataset()
        try b.editFeatures("counties.geojson") { f in
            f[2]["geometry"] = [
                "type": "Polygon",
                "coordinates": [[[118.0, 37.0], [119.0, 38.0], [119.0, 37.0], [118.0, 38.0], [118.0, 37.0]]],
            ]
        }
        expectError(
            b.errors(), file: "counties.geojson", index: 2, id: "kenli-district",
            contains: "invalid polygon: Self-intersection")
    }

    @Test func foreignCRSMember() throws {
        let b = try BrokenDataset()
        let text = try b.read("counties.geojson")
        try b.write(
            "counties.geojson",
            try text.replacingExisting(
                "\"type\": \"FeatureCollection\",",
                with:
                    "\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::3857\"}},"
            ))
        // The member is honoured: degrees read as Web Mercator metres land by (0, 0).
        expectError(
            b.errors(), file: "counties.geojson", id: "dongying-district",
            contains: "lies 118° outside the area of use of metric_crs EPSG:4549")
    }

    @Test func manifestCRSOtherThanWGS84() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write("dataset.yaml", try text.replacingExisting("crs: OGC:CRS84", with: "crs: EPSG:3857"))
        // The dataset's crs applies to layers that declare none: degrees read as metres.
        expectError(
            b.errors(), file: "settlements.geojson", id: "zhuchengqu",
            contains:
                "outside the area of use of metric_crs EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E), where its lengths are wrong; choose a metric_crs for the region (such as EPSG:32631), or check the CRS the coordinates are read in (crs: in dataset.yaml)"
        )
        try b.write("dataset.yaml", try b.read("dataset.yaml").replacingExisting("crs: EPSG:3857", with: "crs: EPSG:0"))
        expectError(b.errors(), file: "dataset.yaml", contains: "crs \"EPSG:0\" is not a CRS PROJ knows")
    }

    @Test func unknownMetricCRS() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write(
            "dataset.yaml", try text.replacingExisting("metric_crs: EPSG:4549", with: "metric_crs: EPSG:999999"))
        expectError(b.errors(), file: "dataset.yaml", contains: "metric_crs \"EPSG:999999\" is not a known CRS")
    }

    @Test func brokenGeoJSONNamesTheLine() throws {
        let b = try BrokenDataset()
        let text = try b.read("settlements.geojson")
        try b.write("settlements.geojson", String(text.prefix(2000)))
        let errors = b.errors()
        expectError(errors, file: "settlements.geojson", contains: "not valid JSON: ")
        #expect(errors.first?.message.contains(" at line ") == true)
        // A file that stops between values says so.
        try b.write("settlements.geojson", "{\"type\": \"FeatureCollection\", \"features\": [")
        expectError(
            b.errors(), file: "settlements.geojson", contains: "not valid JSON: unexpected end of file at line 1")
    }

    @Test func missingManifestKey() throws {
        let b = try BrokenDataset()
        let text = try b.read("dataset.yaml")
        try b.write("dataset.yaml", try text.replacingExisting("\nlevels:\n", with: "\nlevel_list:\n"))
        expectError(b.errors(), file: "dataset.yaml", contains: "missing key \"levels\"")
    }

    @Test func missingFile() throws {
        let b = try BrokenDataset()
        try FileManager.default.removeItem(at: b.dir.appendingPathComponent("counties.geojson"))
        expectError(b.errors(), file: "counties.geojson", contains: "no such file")
    }

    @Test func errorDescriptionListsEveryError() throws {
        let b = try BrokenDataset()
        try b.editFeatures("settlements.geojson") { f in
            f.setProperty("dawang", "level", "metropolis")
            f.setProperty("gudao", "county", "atlantis")
        }
        do {
            _ = try DatasetLoader.load(directory: b.dir.path)
            Issue.record("expected failure")
        } catch let e as InputError {
            let text = e.description
            #expect(text.contains("has 2 errors"))
            #expect(text.contains("settlements.geojson: feature 6 (id \"dawang\"): unknown level"))
            #expect(text.contains("settlements.geojson: feature 11 (id \"gudao\"): names unknown county \"atlantis\""))
        }
    }
}
