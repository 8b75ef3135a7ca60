import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel

/// A manifest's `networks` list: names, the default, speed ranges, and their errors.
@Suite struct NetworkManifestTests {
    func errors(_ edit: (String) throws -> String) throws -> [String] {
        let b = try BrokenDataset()
        try b.write("dataset.yaml", try edit(try b.read("dataset.yaml")))
        return b.errors().filter { $0.file == "dataset.yaml" }.map(\.message)
    }

    @Test func dongyingDeclaresTwoNetworksWithTheSchematicFirst() throws {
        let d = try dongying()
        #expect(d.networks.map(\.id) == ["schematic", "osm-major-roads"])
        #expect(d.network?.id == "schematic")
        let expressway = try #require(d.network?.classes.first { $0.id == "expressway" })
        #expect(expressway.speedRangeKmh == 80...120)
        #expect(expressway.speed(atFraction: 0.25) == 90)
        #expect(
            d.network(named: "osm-major-roads")?.rules.contains { $0.hasPrefix("expressways: chains of edges") } == true
        )
    }

    @Test func defaultNetworkComesFirst() throws {
        let b = try BrokenDataset()
        try b.write(
            "dataset.yaml",
            try b.read("dataset.yaml").replacingExisting(
                "default_network: schematic", with: "default_network: osm-major-roads"))
        let d = try DatasetLoader.load(directory: b.dir.path)
        #expect(d.networks.map(\.id) == ["osm-major-roads", "schematic"])
    }

    @Test func badNetworkDeclarationsAreNamed() throws {
        #expect(
            try errors { try $0.replacingExisting("default_network: schematic", with: "default_network: roads") }
                .contains {
                    $0.contains("default_network \"roads\" is not among the networks (schematic, osm-major-roads)")
                })
        #expect(
            try errors { try $0.replacingExisting("  - id: osm-major-roads", with: "  - id: schematic") }
                .contains { $0.contains("network id \"schematic\" is declared twice") })
        #expect(
            try errors {
                try $0.replacingExisting(
                    "default_network: schematic\n", with: "network:\n  description: x\n  classes: []\n")
            }
            .contains { $0.contains("declare either network (one) or networks (a list), not both") })
        #expect(
            try errors { try $0.replacingExisting("speed_low_kmh: 80", with: "speed_low_kmh: 110") }
                .contains { $0.contains("0 < speed_low_kmh ≤ speed_kmh ≤ speed_high_kmh, found 110.0 ≤ 100.0 ≤ 120.0") }
        )
        #expect(
            try errors { try $0.replacingExisting("        speed_high_kmh: 120\n", with: "") }
                .contains { $0.contains("needs both speed_low_kmh and speed_high_kmh") })
    }

    /// A speed fraction moves every ranged class and the links with speeds of their own in
    /// proportion; classes without a range keep their speed.
    @Test func networkAtASpeedFraction() throws {
        let slow = RoadClass(
            id: "a", nameZh: "a", nameEn: "a", speedKmh: 60, controlledAccess: false, attachable: true,
            speedRangeKmh: 40...80)
        let fixed = RoadClass(
            id: "b", nameZh: "b", nameEn: "b", speedKmh: 50, controlledAccess: false, attachable: true)
        func link(_ id: String, _ c: RoadClass, _ speed: Double?) -> RoadLink {
            RoadLink(
                id: id, roadClass: c, ref: nil, name: nil, speedKmh: speed, oneway: false, status: .existing,
                circuity: 1, modelled: false, coordinates: [.init(lon: 0, lat: 0), .init(lon: 0, lat: 1)],
                featureIndex: 0)
        }
        let n = RoadNetwork(
            description: "t", source: "t.geojson", classes: [slow, fixed],
            links: [link("1", slow, nil), link("2", slow, 30), link("3", fixed, nil)], interchanges: [],
            options: NetworkOptions())
        let low = n.atSpeedFraction(0)
        #expect(low.links.map(\.effectiveSpeedKmh) == [40, 20, 50])
        let high = n.atSpeedFraction(1)
        #expect(high.links.map(\.effectiveSpeedKmh) == [80, 40, 50])
        #expect(n.atSpeedFraction(0.5).links.map(\.effectiveSpeedKmh) == [60, 30, 50])
        #expect(n.hasSpeedRanges && n.name == "t.geojson")
    }
}

/// A manifest's problems all at once, and names in any language.
@Suite struct ManifestShapeTests {
    @Test func everyMissingKeyAndWrongValueIsListedAtOnce() throws {
        let b = try BrokenDataset()
        var text = try b.read("dataset.yaml")
        text = try text.replacingExisting("    rank: 2\n", with: "")
        text = try text.replacingExisting("title: \"东营市城镇体系 (Dongying town system)\"\n", with: "")
        text = try text.replacingExisting("        speed_kmh: 100\n", with: "        speed_kmh: fast\n")
        text = try text.replacingExisting("    name_zh: \"重点镇\"\n    name_en: \"key town\"\n", with: "")
        try b.write("dataset.yaml", text)
        let messages = b.errors().map(\.message)
        #expect(
            messages == [
                "missing key \"rank\" in levels[1]", "missing a name (name, name_zh or name_en) in levels[2]",
                "networks[0].classes[0].speed_kmh: expected a number, found \"fast\"",
                "networks[1].classes[0].speed_kmh: expected a number, found \"fast\"", "missing key \"title\"",
            ], "\(messages)")
    }

    /// A region without Chinese names: `name` on levels, types and places.
    @Test func namesInAnyLanguage() throws {
        let b = try BrokenDataset()
        try b.write(
            "dataset.yaml",
            try b.read("dataset.yaml").replacingExisting(
                "    name_zh: \"重点镇\"\n    name_en: \"key town\"\n", with: "    name: \"Key town\"\n"))
        try b.editFeatures("settlements.geojson") { features in
            let i = features.index(of: "dawang")
            var p = features[i]["properties"] as! [String: Any]
            p["name_zh"] = nil
            p["name"] = "Dawang"
            features[i]["properties"] = p
        }
        let d = try DatasetLoader.load(directory: b.dir.path)
        #expect(d.levels.first { $0.id == "key-town" }.map { [$0.nameZh, $0.nameEn] } == ["Key town", "Key town"])
        #expect(d.settlement(id: "dawang")?.nameZh == "Dawang")
        try b.editFeatures("settlements.geojson") { features in
            let i = features.index(of: "dawang")
            var p = features[i]["properties"] as! [String: Any]
            p["name"] = nil
            features[i]["properties"] = p
        }
        #expect(
            b.errors().contains { $0.featureId == "dawang" && $0.message.contains("has no name (name_zh, or name") })
    }
}
