import Foundation
import GeoKit
import JSONKit
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphAnalysis
@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// Rail lines as a class of mode rail: boarded only at stations, never an expressway; and doc
/// 004's projects in the province dataset.
@Suite struct RailModeTests {
    /// A road A—B, a rail line A—B drawn straight past a town T, and stations at A and B.
    func network(stations: Bool) -> RoadNetwork {
        let road = RoadClass(
            id: "road", nameZh: "公路", nameEn: "road", speedKmh: 60, controlledAccess: false, attachable: true)
        let rail = RoadClass(
            id: "rail", nameZh: "高铁", nameEn: "rail", speedKmh: 250, controlledAccess: true, attachable: false,
            mode: .rail)
        let a = Coordinate(lon: 118.0, lat: 37.0)
        let b = Coordinate(lon: 118.5, lat: 37.0)
        let links = [
            RoadLink(
                id: "road", roadClass: road, ref: nil, name: nil, speedKmh: nil, oneway: false, status: .existing,
                circuity: 1,
                modelled: true, coordinates: [a, Coordinate(lon: 118.25, lat: 37.03), b], featureIndex: 0),
            RoadLink(
                id: "rail", roadClass: rail, ref: "R1", name: nil, speedKmh: nil, oneway: false,
                status: .planned(year: 2030), circuity: 1,
                modelled: true, coordinates: [a, b], featureIndex: 1),
        ]
        let ics =
            stations
            ? [a, b].enumerated().map { i, c in
                Interchange(
                    id: "station-\(i)", name: "station \(i)", refs: ["R1"], location: c, approximate: true,
                    status: .planned(year: 2030), note: nil, featureIndex: 2 + i)
            } : []
        return RoadNetwork(
            description: "fixture", source: "fixture", classes: [road, rail], links: links, interchanges: ics,
            options: NetworkOptions())
    }

    func times(_ network: RoadNetwork, scenario: Int?) throws -> (ab: Double, tb: Double) {
        let places = [
            Place(id: "A", name: "A", kind: .settlement, location: Coordinate(lon: 118.0, lat: 37.0)),
            Place(id: "B", name: "B", kind: .settlement, location: Coordinate(lon: 118.5, lat: 37.0)),
            Place(id: "T", name: "T", kind: .settlement, location: Coordinate(lon: 118.25, lat: 37.0)),
        ]
        let graph = try TravelGraph.build(network: network, scenario: scenario, places: places, metricCRS: "EPSG:4548")
        let a = try #require(graph.node(of: "A"), "\(graph.report.notAttached)")
        let t = try #require(graph.node(of: "T"))
        let b = try #require(graph.node(of: "B"))
        let m = graph.travelTimes(from: [a, t], to: [b])
        return (m[0][0], m[1][0])
    }

    @Test func railIsBoardedOnlyAtStations() throws {
        let base = try times(network(stations: true), scenario: nil)
        let planned = try times(network(stations: true), scenario: 2030)
        // A to B: by rail in 2030 (about 44 km at 250 km/h), by road before.
        #expect(planned.ab < base.ab / 3)
        #expect(abs(planned.ab - 44_500 / (250 / 3.6)) < 60)
        // T lies under the rail line but cannot board there: it still drives to B.
        #expect(planned.tb == base.tb)
        #expect(planned.tb > 20 * 60)
        // Without stations the line is unreachable.
        let noStations = try times(network(stations: false), scenario: 2030)
        #expect(noStations.ab == base.ab)
    }

    @Test func railIsNotAnExpresswayAndIsValidated() throws {
        #expect(!network(stations: true).classes[1].isExpressway)
        #expect(
            RoadClass(id: "e", nameZh: "e", nameEn: "e", speedKmh: 100, controlledAccess: true, attachable: false)
                .isExpressway)
        let temp = try TemporaryDirectory()
        let dir = try temp.copyDataset(from: TestPaths.geoData.appendingPathComponent("shandong"))
        let manifest = dir.appendingPathComponent("dataset.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingExisting("        mode: rail\n", with: "        mode: rail\n        attachable: true\n")
            .write(to: manifest, atomically: true, encoding: .utf8)
        #expect { try DatasetLoader.load(directory: dir.path) } throws: {
            "\($0)".contains("a rail class is controlled access and not attachable")
        }
        try text.replacingExisting("        mode: rail\n", with: "        mode: ferry\n").write(
            to: manifest, atomically: true, encoding: .utf8)
        #expect { try DatasetLoader.load(directory: dir.path) } throws: {
            "\($0)".contains("mode must be road or rail")
        }
    }

    @Test func doc004ProjectsInTheProvinceNetwork() throws {
        let d = try DatasetLoader.load(directory: TestPaths.geoData.appendingPathComponent("shandong").path)
        let network = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let rail = network.links.filter { $0.roadClass.mode == .rail }
        #expect(Set(rail.compactMap(\.ref)) == ["济滨东高铁", "济滨东高铁 / 京沪高铁二通道滨州至东营段", "淄东高铁", "沿黄达海高铁大通道"])
        #expect(rail.allSatisfy { if case .planned = $0.status { return $0.modelled } else { return false } })
        #expect(network.plannedYears == [2030, 2035])
        #expect(
            network.interchanges.map(\.id).sorted() == [
                "station-binzhou", "station-dongying", "station-jinan", "station-liaocheng", "station-taian",
                "station-zibo",
            ])
        // Every project carries its sentence, verbatim in seed 004.
        let doc = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: d.network!.file)))
        let seed004 = TestPaths.shared.appendingPathComponent("seeds/004_e4b876b49477c1aa.txt")
        let sentences = Set(doc["features"]!.arrayValue!.compactMap { $0["properties"]?["plan_sentence"]?.stringValue })
        #expect(sentences.count == 4)
        if let seed = try? String(contentsOf: seed004, encoding: .utf8) {
            for s in sentences { #expect(seed.contains(s), "not in seed 004: \(s)") }
        }
        // 2030 brings 济南—东营 within the hour by rail; the study-stage corridor waits for 2035.
        let target = try #require(d.target(id: "dongying-capital-circle-1h"))
        let (base, _) = try AccessibilityCheck.run(dataset: d, network: network, scenario: nil, targets: [target])
        let (planned, graph) = try AccessibilityCheck.run(
            dataset: d, network: network, scenario: 2030, targets: [target])
        #expect(planned.results[0].passed > base.results[0].passed)
        #expect(graph.report.linksNotInScenario.allSatisfy { $0.hasPrefix("rail-yanhuang") })
        #expect(graph.report.interchangesDropped.isEmpty)
    }
}
