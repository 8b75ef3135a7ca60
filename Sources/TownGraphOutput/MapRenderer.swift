import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel

/// Draws a thematic SVG map of a dataset in its metric CRS: county boundaries, roads by
/// class (planned links dashed), settlements sized by level and coloured by function type,
/// labels, a legend, a scale bar and a north arrow, with optional overlay layers.
public struct MapRenderer {
    public enum Labels: String, Sendable, CaseIterable { case chinese, pinyin, none }

    public typealias Overlay = MapOverlay

    public var width = 1200.0
    public var height = 1000.0
    public var labels: Labels = .chinese
    /// Font families for labels, most wanted first (a CJK font for Chinese labels).
    public var fontFamilies: [String] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "sans-serif"]
    public var title: String?

    public init() {}

    static let functionColours = [
        "#d7301f", "#2b8cbe", "#41ab5d", "#fe9929", "#807dba", "#8c6d31", "#e7298a", "#666666",
    ]
    static let overlayColours = [
        "#3182bd", "#31a354", "#e6550d", "#756bb1", "#636363", "#de2d26", "#fdae6b", "#9ecae1",
    ]

    public func render(dataset: Dataset, network: RoadNetwork?, overlays: [Overlay] = []) throws -> String {
        let page = try MapPage(renderer: self, dataset: dataset, overlays: overlays)
        var svg = page.header()
        // The map, clipped to its area: roads and overlays beyond the extent stop at the legend.
        svg += page.clipPath()
        svg += "<g id=\"map\" clip-path=\"url(#map-area)\">\n"
        svg += try page.counties()
        svg += try page.overlays(overlays, failingRoutes: false)
        if let network { svg += try page.roads(network) }
        svg += try page.overlays(overlays, failingRoutes: true)
        svg += try page.settlements()
        svg += "</g>\n"
        svg += page.legend(network: network, overlays: overlays)
        svg += page.scaleBar() + page.northArrow() + page.footer(network: network)
        svg += "</svg>\n"
        return svg
    }

    /// Splits a title into lines that fit the legend: `width` counts a CJK character as two;
    /// lines break at spaces where there are any, and a third line is cut with an ellipsis.
    static func wrap(_ text: String, width: Int) -> [String] {
        func cost(_ c: Character) -> Int { c.unicodeScalars.first.map { $0.value >= 0x2E80 ? 2 : 1 } ?? 1 }
        var lines: [String] = []
        var line = ""
        var used = 0
        var lastSpace: String.Index?
        for c in text {
            if used + cost(c) > width {
                if let cut = lastSpace, cut > line.startIndex {
                    lines.append(String(line[..<cut]))
                    line = String(line[line.index(after: cut)...])
                } else {
                    lines.append(line)
                    line = ""
                }
                used = line.reduce(0) { $0 + cost($1) }
                lastSpace = nil
            }
            if c == " " { lastSpace = line.endIndex }
            line.append(c)
            used += cost(c)
        }
        if !line.isEmpty { lines.append(line) }
        if lines.count > 2 { lines = [lines[0], String(lines[1].dropLast()) + "…"] }
        return lines
    }

    static func roadStyle(_ c: RoadClass) -> (String, Double) {
        if c.mode == .rail { return ("#3f007d", 2.5) }
        if c.controlledAccess { return ("#d94801", 3.5) }
        switch c.speedKmh {
        case 80...: return ("#fd8d3c", 2.5)
        case 55..<80: return ("#969696", 1.6)
        default: return ("#bdbdbd", 1.1)
        }
    }
}
