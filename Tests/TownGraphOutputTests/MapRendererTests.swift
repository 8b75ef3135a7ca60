import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphOutput

@Suite struct MapRendererTests {
    @Test func svgHasEveryLayerAndIsWellFormed() throws {
        let d = try dongying()
        let n = try RoadNetworkLoader.load(path: d.network!.file, spec: d.network!)
        let svg = try MapRenderer().render(
            dataset: d, network: n,
            overlays: [
                .init(name: "test overlay", style: .isochrone, geometries: [d.counties[0].boundary])
            ])
        #expect(svg.components(separatedBy: "<circle cx=").count - 1 == 27 + d.levels.count + d.functionTypes.count)
        #expect(
            svg.contains("id=\"counties\"") && svg.contains("id=\"roads\"") && svg.contains("id=\"scale-bar\"")
                && svg.contains("id=\"north-arrow\""))
        #expect(svg.contains(">大王镇<") && svg.contains("stroke-dasharray=\"8 6\""))
        #expect(svg.contains(">test overlay<"))
        let out = try Python.run(
            """
            import sys, xml.etree.ElementTree as ET
            root = ET.fromstring(sys.stdin.read())
            ns = "{http://www.w3.org/2000/svg}"
            print(len(root.findall(f".//{ns}g[@id='counties']/{ns}path")), root.get("width"))
            """, input: svg)
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "5 1200")
        let pinyin = try {
            var r = MapRenderer()
            r.labels = .pinyin
            return try r.render(dataset: d, network: nil)
        }()
        #expect(pinyin.contains(">Dawang<") && !pinyin.contains(">大王镇<") && !pinyin.contains("id=\"roads\""))
    }

    @Test func longTitlesWrapAndTheMapIsClipped() throws {
        #expect(MapRenderer.wrap("东营市城镇体系 (Dongying town system)", width: 40) == ["东营市城镇体系 (Dongying town system)"])
        #expect(
            MapRenderer.wrap("three places in central Helsinki (a test of analyses on OpenStreetMap roads)", width: 40)
                == ["three places in central Helsinki (a", "test of analyses on OpenStreetMap roads)"])
        let cjk = MapRenderer.wrap(String(repeating: "城", count: 50), width: 40)
        #expect(cjk.count == 2 && cjk[0].count == 20 && cjk[1].hasSuffix("…"))
        let d = try DatasetLoader.load(directory: TestPaths.dongying.path)
        let svg = try MapRenderer().render(dataset: d, network: nil)
        #expect(
            svg.contains("<clipPath id=\"map-area\">") && svg.contains("<g id=\"map\" clip-path=\"url(#map-area)\">"))
        // The legend lies outside the clipped group.
        #expect(svg.range(of: "<g id=\"legend\"")!.lowerBound > svg.range(of: "<g id=\"labels\">")!.lowerBound)
    }

    /// On the OpenStreetMap-derived network: labels never overlap one another, every legend
    /// line stays on the page, and the footer credits OpenStreetMap and names the data folder.
    @Test func labelsLegendAndCredit() throws {
        let d = try dongying()
        let spec = try #require(d.network(named: "osm-major-roads"))
        let n = try RoadNetworkLoader.load(path: spec.file, spec: spec)
        let svg = try MapRenderer().render(dataset: d, network: n)
        let out = try Python.run(
            """
            import sys, json, xml.etree.ElementTree as ET
            root = ET.fromstring(sys.stdin.read())
            ns = "{http://www.w3.org/2000/svg}"
            def width(t, size):
                return sum(size if ord(c) > 0x2E80 else size * 0.6 for c in t)
            boxes = []
            for t in root.findall(f".//{ns}g[@id='labels']/{ns}text"):
                x, y, size = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
                boxes.append((x, y - size + 2, x + width(t.text, size), y + 2))
            overlaps = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                           if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
            legend = root.find(f".//{ns}g[@id='legend']")
            widest = max(float(t.get("x")) + width(t.text, 13) for t in legend.iter(f"{ns}text"))
            print(json.dumps({"labels": len(boxes), "overlaps": overlaps, "widest": widest,
                              "page": float(root.get("width")), "transform": legend.get("transform")}))
            """, input: svg)
        let r = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(r["overlaps"] as? Int == 0)
        #expect((r["labels"] as? Int ?? 0) >= 25, "most of the 27 located towns keep their label")
        #expect((r["widest"] as! Double) <= (r["page"] as! Double))
        #expect(svg.contains("roads: © OpenStreetMap contributors (ODbL 1.0)"))
        #expect(svg.contains("data: \(d.directory)") || svg.contains("data: GeoData/dongying"))
        #expect(svg.contains("县城或功能区中心城镇 county seat or"), "the English beside the Chinese")
    }
}
