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
}
