import Foundation
import Testing
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel
import TownGraphOutput

/// The README's library sample, run as written (the OSM import aside: no such file here).
@Suite struct ReadmeSampleTests {
    @Test func librarySampleRuns() throws {
        let dongying = try DatasetLoader.load(directory: DatasetCatalog.resolve("dongying"))
        let keyTownsInGuangrao = try Selection([.level(["重点镇"])]).and(.county(["广饶县"])).apply(to: dongying)
        let geojson = GeoJSONExport(decimals: 6).collection([.settlements, .counties], of: dongying)

        let network = try NetworkSource.open(for: dongying, file: nil)  // the dataset's own network
        let report = try AccessibilityCheck.run(dataset: dongying, network: network, scenario: 2035).report
        let text = report.render(.table, details: true)
        let reach = try Queries.reach(
            dataset: dongying, network: network, scenario: nil, from: "主城区", minutes: [30, 45])
        let matrix = try Queries.matrix(
            dataset: dongying, network: network, scenario: nil,
            from: PlaceSelection(parsing: ["level=county-centre"]), to: nil)

        #expect(keyTownsInGuangrao.map(\.nameZh) == ["大王镇", "稻庄镇"])
        #expect(geojson["features"]?.arrayValue?.count == 28 + 5)
        #expect(text.contains("centre-to-counties"))
        #expect(reach.origin.id == "zhuchengqu" && reach.limits == [30, 45])
        #expect(matrix.origins.count == 5 && matrix.seconds.count == 5)
    }
}
