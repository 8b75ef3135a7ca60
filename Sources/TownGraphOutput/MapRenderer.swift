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

    static let functionColours = ["#d7301f", "#2b8cbe", "#41ab5d", "#fe9929", "#807dba", "#8c6d31", "#e7298a", "#666666"]
    static let overlayColours = ["#3182bd", "#31a354", "#e6550d", "#756bb1", "#636363", "#de2d26", "#fdae6b", "#9ecae1"]

    public func render(dataset: Dataset, network: RoadNetwork?, overlays: [Overlay] = []) throws -> String {
        let projection = try MetricProjection(crs: dataset.metricCRS)
        // Extent: the counties, else the settlements and the overlays (isochrones, catchments).
        var extentGeoms: [Geometry] = dataset.counties.map(\.boundary)
        if extentGeoms.isEmpty {
            extentGeoms = dataset.settlements.compactMap { $0.location.map { .point($0) } } + overlays.flatMap(\.geometries)
        }
        let projectedExtent = try extentGeoms.map { try projection.project($0) }
        let all = projectedExtent.flatMap(\.allCoordinates)
        guard let minX = all.map(\.x).min(), let maxX = all.map(\.x).max(), let minY = all.map(\.y).min(), let maxY = all.map(\.y).max() else {
            throw AnalysisError.empty("nothing to draw: the dataset has no county and no located settlement")
        }
        let legendWidth = 400.0, margin = 40.0
        let scale = min((width - legendWidth - 2 * margin) / max(maxX - minX, 1), (self.height - 2 * margin) / max(maxY - minY, 1))
        // A wide region leaves the page's lower part empty: the page shrinks to the map (with
        // room for the legend).
        let height = min(self.height, max(560, (maxY - minY) * scale + 2 * margin))
        func xy(_ c: Coordinate) -> (Double, Double) {
            (margin + (c.x - minX) * scale, height - margin - (c.y - minY) * scale)
        }
        func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
        func path(_ g: Geometry) throws -> String {
            var d = ""
            func ring(_ cs: [Coordinate], close: Bool) {
                for (i, c) in cs.enumerated() { let (x, y) = xy(c); d += (i == 0 ? "M" : "L") + fmt(x) + " " + fmt(y) }
                if close { d += "Z" }
            }
            switch try projection.project(g) {
            case let .polygon(rings): rings.forEach { ring($0, close: true) }
            case let .multiPolygon(ps): ps.forEach { $0.forEach { ring($0, close: true) } }
            case let .lineString(cs): ring(cs, close: false)
            case let .multiLineString(ls): ls.forEach { ring($0, close: false) }
            default: break
            }
            return d
        }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let fonts = fontFamilies.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: ", ")
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="\(esc(fonts))">
        <rect width="100%" height="100%" fill="#ffffff"/>

        """
        // The map, clipped to its area: roads and overlays beyond the extent stop at the legend.
        svg += "<clipPath id=\"map-area\"><rect x=\"0\" y=\"0\" width=\"\(fmt(width - legendWidth))\" height=\"\(fmt(height))\"/></clipPath>\n"
        svg += "<g id=\"map\" clip-path=\"url(#map-area)\">\n"
        // Counties.
        svg += "<g id=\"counties\" fill=\"#f7f4ec\" stroke=\"#9e9e9e\" stroke-width=\"1.2\">\n"
        for c in dataset.counties { svg += "<path d=\"\(try path(c.boundary))\"><title>\(esc(c.nameZh))</title></path>\n" }
        svg += "</g>\n"
        for c in dataset.counties {
            let ctx = projection.context
            if case let .point(p) = try GEOSGeometry(projection.project(c.boundary), in: ctx).pointOnSurface().value() {
                let x = margin + (p.x - minX) * scale, y = height - margin - (p.y - minY) * scale
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" font-size=\"20\" fill=\"#bdbdbd\" text-anchor=\"middle\">\(esc(labels == .pinyin ? c.namePinyin : c.nameZh))</text>\n"
            }
        }
        // Overlays under the roads.
        for (i, o) in overlays.enumerated() where o.style != .failingRoute {
            let colour = MapRenderer.overlayColours[i % MapRenderer.overlayColours.count]
            svg += "<g id=\"overlay-\(i)\" fill=\"\(colour)\" fill-opacity=\"\(o.style == .isochrone ? "0.18" : "0.25")\" stroke=\"\(colour)\" stroke-width=\"1\">\n"
            for g in o.geometries { svg += "<path d=\"\(try path(g))\" fill-rule=\"evenodd\"/>\n" }
            svg += "</g>\n"
        }
        // Roads: ordinary first, expressways on top.
        if let network {
            let ordered = network.links.sorted { ($0.roadClass.controlledAccess ? 1 : 0, $0.featureIndex) < ($1.roadClass.controlledAccess ? 1 : 0, $1.featureIndex) }
            svg += "<g id=\"roads\" fill=\"none\" stroke-linecap=\"round\">\n"
            for link in ordered {
                let (colour, w) = MapRenderer.roadStyle(link.roadClass)
                let dash: String
                if case .planned = link.status { dash = " stroke-dasharray=\"8 6\"" } else { dash = "" }
                svg += "<path d=\"\(try path(.lineString(link.coordinates)))\" stroke=\"\(colour)\" stroke-width=\"\(fmt(w))\"\(dash)><title>\(esc(link.ref ?? link.name ?? link.id))</title></path>\n"
            }
            for ic in network.interchanges {
                let (x, y) = xy(try projection.project(ic.location))
                let planned: Bool
                if case .planned = ic.status { planned = true } else { planned = false }
                svg += "<rect x=\"\(fmt(x - 3.5))\" y=\"\(fmt(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(planned ? "#ffffff" : "#7f2704")\" stroke=\"#7f2704\"><title>\(esc(ic.name))</title></rect>\n"
            }
            svg += "</g>\n"
        }
        for (i, o) in overlays.enumerated() where o.style == .failingRoute {
            svg += "<g id=\"overlay-\(i)\" fill=\"none\" stroke=\"#e31a1c\" stroke-width=\"3\" stroke-opacity=\"0.8\">\n"
            for g in o.geometries { svg += "<path d=\"\(try path(g))\"/>\n" }
            svg += "</g>\n"
        }
        // Settlements: larger for higher levels, coloured by function type.
        let typeIndex = Dictionary(dataset.functionTypes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let levels = dataset.levels.count
        func radius(_ rank: Int) -> Double { 3 + 2.5 * Double(max(0, levels - rank)) }
        svg += "<g id=\"settlements\" stroke=\"#ffffff\" stroke-width=\"1.2\">\n"
        var labelsSVG = ""
        for s in dataset.settlements.sorted(by: { $0.level.rank > $1.level.rank }) {
            guard let loc = s.location else { continue }
            let (x, y) = xy(try projection.project(loc))
            let r = radius(s.level.rank)
            let colour = s.functionType.map { MapRenderer.functionColours[(typeIndex[$0.id] ?? 0) % MapRenderer.functionColours.count] } ?? "#737373"
            svg += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"\(fmt(r))\" fill=\"\(colour)\"><title>\(esc(s.nameZh)) \(esc(s.level.nameZh)) \(esc(s.functionType?.nameZh ?? ""))</title></circle>\n"
            if labels != .none {
                let text = labels == .pinyin ? s.namePinyin : s.nameZh
                labelsSVG += "<text x=\"\(fmt(x + r + 2))\" y=\"\(fmt(y + 4))\" font-size=\"\(s.level.rank <= 2 ? 14 : 11)\" fill=\"#252525\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(esc(text))</text>\n"
            }
        }
        svg += "</g>\n<g id=\"labels\">\n" + labelsSVG + "</g>\n"
        svg += "</g>\n"

        // Legend.
        var ly = margin
        let lx = width - legendWidth + 10
        svg += "<g id=\"legend\" font-size=\"13\" fill=\"#252525\">\n"
        if let title {
            for line in MapRenderer.wrap(title, width: 40) {
                svg += "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-size=\"15\" font-weight=\"bold\">\(esc(line))</text>\n"; ly += 19
            }
            ly += 9
        }
        if !dataset.functionTypes.isEmpty { svg += "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-weight=\"bold\">职能类型 function type</text>\n"; ly += 20 }
        for (i, t) in dataset.functionTypes.enumerated() {
            svg += "<circle cx=\"\(fmt(lx + 8))\" cy=\"\(fmt(ly - 4))\" r=\"6\" fill=\"\(MapRenderer.functionColours[i % MapRenderer.functionColours.count])\"/>"
            svg += "<text x=\"\(fmt(lx + 22))\" y=\"\(fmt(ly))\">\(esc(t.nameZh)) \(esc(t.nameEn))</text>\n"; ly += 19
        }
        ly += 8
        svg += "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-weight=\"bold\">等级 level</text>\n"; ly += 22
        for l in dataset.levels {
            let r = radius(l.rank)
            svg += "<circle cx=\"\(fmt(lx + 10))\" cy=\"\(fmt(ly - 4))\" r=\"\(fmt(r))\" fill=\"#969696\"/>"
            svg += "<text x=\"\(fmt(lx + 28))\" y=\"\(fmt(ly))\">\(esc(l.nameZh))</text>\n"; ly += max(20, 2 * r + 6)
        }
        if let network {
            ly += 8
            svg += "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-weight=\"bold\">道路 roads\(network.isModelled ? " (modelled)" : "")</text>\n"; ly += 20
            for c in network.classes where network.links.contains(where: { $0.roadClass.id == c.id }) {
                let (colour, w) = MapRenderer.roadStyle(c)
                svg += "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(ly - 4))\" x2=\"\(fmt(lx + 26))\" y2=\"\(fmt(ly - 4))\" stroke=\"\(colour)\" stroke-width=\"\(fmt(w))\"/>"
                svg += "<text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">\(esc(c.nameZh))</text>\n"; ly += 19
            }
            svg += "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(ly - 4))\" x2=\"\(fmt(lx + 26))\" y2=\"\(fmt(ly - 4))\" stroke=\"#525252\" stroke-width=\"2\" stroke-dasharray=\"8 6\"/>"
            svg += "<text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">规划 planned</text>\n"; ly += 19
            svg += "<rect x=\"\(fmt(lx + 9))\" y=\"\(fmt(ly - 8))\" width=\"7\" height=\"7\" fill=\"#7f2704\"/><text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">互通 interchange</text>\n"; ly += 19
        }
        for (i, o) in overlays.enumerated() {
            let colour = o.style == .failingRoute ? "#e31a1c" : MapRenderer.overlayColours[i % MapRenderer.overlayColours.count]
            svg += "<rect x=\"\(fmt(lx))\" y=\"\(fmt(ly - 11))\" width=\"26\" height=\"12\" fill=\"\(colour)\" fill-opacity=\"0.4\" stroke=\"\(colour)\"/>"
            svg += "<text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">\(esc(o.name))</text>\n"; ly += 19
        }
        svg += "</g>\n"

        // Scale bar: a round length near a fifth of the map width.
        let mapWidthM = (width - legendWidth - 2 * margin) / scale
        let nice = [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].map { $0 * 1000 }.last { $0 <= mapWidthM / 5 } ?? 1000
        let barPx = nice * scale
        let by = height - 18.0
        svg += "<g id=\"scale-bar\" font-size=\"12\" fill=\"#252525\">"
        svg += "<rect x=\"\(fmt(margin))\" y=\"\(fmt(by - 8))\" width=\"\(fmt(barPx / 2))\" height=\"6\" fill=\"#252525\"/>"
        svg += "<rect x=\"\(fmt(margin + barPx / 2))\" y=\"\(fmt(by - 8))\" width=\"\(fmt(barPx / 2))\" height=\"6\" fill=\"#ffffff\" stroke=\"#252525\"/>"
        svg += "<text x=\"\(fmt(margin))\" y=\"\(fmt(by - 12))\">0</text><text x=\"\(fmt(margin + barPx))\" y=\"\(fmt(by - 12))\" text-anchor=\"middle\">\(JSONValue.format(nice / 1000)) km</text></g>\n"
        // North arrow (grid north of the metric CRS).
        let nx = width - legendWidth - 30, ny = margin + 10
        svg += "<g id=\"north-arrow\"><path d=\"M\(fmt(nx)) \(fmt(ny))L\(fmt(nx - 10)) \(fmt(ny + 30))L\(fmt(nx)) \(fmt(ny + 22))L\(fmt(nx + 10)) \(fmt(ny + 30))Z\" fill=\"#252525\"/>"
        svg += "<text x=\"\(fmt(nx))\" y=\"\(fmt(ny - 6))\" font-size=\"16\" text-anchor=\"middle\">N</text></g>\n"
        svg += "<text x=\"\(fmt(margin))\" y=\"\(fmt(height - 4))\" font-size=\"10\" fill=\"#737373\">\(esc(dataset.metricCRS)); data: GeoData/\(esc(dataset.name)) (sources and licences in its README)\(network?.isModelled == true ? "; roads schematic (modelled)" : "")</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// Splits a title into lines that fit the legend: `width` counts a CJK character as two;
    /// lines break at spaces where there are any, and a third line is cut with an ellipsis.
    static func wrap(_ text: String, width: Int) -> [String] {
        func cost(_ c: Character) -> Int { c.unicodeScalars.first.map { $0.value >= 0x2E80 ? 2 : 1 } ?? 1 }
        var lines: [String] = [], line = "", used = 0, lastSpace: String.Index?
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
