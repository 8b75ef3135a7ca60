import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphModel

/// One map being drawn: the page frame (extent, scale, margins) in the dataset's metric CRS
/// and one function per layer, each returning its SVG.
struct MapPage {
    let renderer: MapRenderer
    let dataset: Dataset
    let projection: MetricProjection
    let minX: Double
    let minY: Double
    let scale: Double
    let width: Double
    let height: Double
    let legendWidth = 400.0
    let margin = 40.0

    /// Frames the map on the counties, else on the settlements and the overlays.
    init(renderer: MapRenderer, dataset: Dataset, overlays: [MapOverlay]) throws {
        self.renderer = renderer
        self.dataset = dataset
        let projection = try MetricProjection(crs: dataset.metricCRS)
        self.projection = projection
        var extent: [Geometry] = dataset.counties.map(\.boundary)
        if extent.isEmpty {
            extent = dataset.settlements.compactMap { $0.location.map { .point($0) } } + overlays.flatMap(\.geometries)
        }
        let all = try extent.map { try projection.project($0) }.flatMap(\.allCoordinates)
        guard let minX = all.map(\.x).min(), let maxX = all.map(\.x).max(), let minY = all.map(\.y).min(),
            let maxY = all.map(\.y).max()
        else {
            throw AnalysisError.empty("nothing to draw: the dataset has no county and no located settlement")
        }
        self.minX = minX
        self.minY = minY
        width = renderer.width
        scale = min(
            (width - legendWidth - 2 * margin) / max(maxX - minX, 1),
            (renderer.height - 2 * margin) / max(maxY - minY, 1))
        // A wide region leaves the page's lower part empty: the page shrinks to the map (with
        // room for the legend).
        height = min(renderer.height, max(560, (maxY - minY) * scale + 2 * margin))
    }

    // MARK: Drawing helpers

    /// Page position of a metric coordinate.
    func xy(_ c: Coordinate) -> (Double, Double) {
        (margin + (c.x - minX) * scale, height - margin - (c.y - minY) * scale)
    }

    func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    /// An SVG path of a WGS84 geometry's lines and rings.
    func path(_ g: Geometry) throws -> String {
        var d = ""
        func ring(_ cs: [Coordinate], close: Bool) {
            for (i, c) in cs.enumerated() {
                let (x, y) = xy(c)
                d += (i == 0 ? "M" : "L") + fmt(x) + " " + fmt(y)
            }
            if close { d += "Z" }
        }
        switch try projection.project(g) {
        case .polygon(let rings): for r in rings { ring(r, close: true) }
        case .multiPolygon(let ps): for p in ps { for r in p { ring(r, close: true) } }
        case .lineString(let cs): ring(cs, close: false)
        case .multiLineString(let ls): for l in ls { ring(l, close: false) }
        default: break
        }
        return d
    }

    func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Marker radius of a level: larger for higher levels.
    func radius(_ rank: Int) -> Double { 3 + 2.5 * Double(max(0, dataset.levels.count - rank)) }

    // MARK: Layers

    func header() -> String {
        let fonts = renderer.fontFamilies.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: ", ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="\(esc(fonts))">
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
    }

    func clipPath() -> String {
        "<clipPath id=\"map-area\"><rect x=\"0\" y=\"0\" width=\"\(fmt(width - legendWidth))\" height=\"\(fmt(height))\"/>"
            + "</clipPath>\n"
    }

    /// County polygons, then their names at a point inside each.
    func counties() throws -> String {
        var svg = "<g id=\"counties\" fill=\"#f7f4ec\" stroke=\"#9e9e9e\" stroke-width=\"1.2\">\n"
        for c in dataset.counties {
            svg += "<path d=\"\(try path(c.boundary))\"><title>\(esc(c.nameZh))</title></path>\n"
        }
        svg += "</g>\n"
        for c in dataset.counties {
            let surface = try GEOSGeometry(projection.project(c.boundary), in: projection.context).pointOnSurface()
                .value()
            guard case .point(let p) = surface else { continue }
            let (x, y) = xy(p)
            let name = renderer.labels == .pinyin ? c.namePinyin : c.nameZh
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" font-size=\"20\" fill=\"#bdbdbd\" text-anchor=\"middle\">"
            svg += "\(esc(name))</text>\n"
        }
        return svg
    }

    /// The overlays under the roads (isochrones, catchments), or the failing routes on top.
    func overlays(_ overlays: [MapOverlay], failingRoutes: Bool) throws -> String {
        var svg = ""
        for (i, o) in overlays.enumerated() where (o.style == .failingRoute || o.style == .linkage) == failingRoutes {
            if o.style == .linkage {
                svg +=
                    "<g id=\"overlay-\(i)\" fill=\"none\" stroke=\"#6a3d9a\" stroke-opacity=\"0.7\" stroke-linecap=\"round\">\n"
                for (k, g) in o.geometries.enumerated() {
                    let w = 1 + 7 * (o.weights?[k] ?? 0.5)
                    svg += "<path d=\"\(try path(g))\" stroke-width=\"\(fmt(w))\"/>\n"
                }
            } else if failingRoutes {
                svg +=
                    "<g id=\"overlay-\(i)\" fill=\"none\" stroke=\"#e31a1c\" stroke-width=\"3\" stroke-opacity=\"0.8\">\n"
                for g in o.geometries { svg += "<path d=\"\(try path(g))\"/>\n" }
            } else {
                let colour = MapRenderer.overlayColours[i % MapRenderer.overlayColours.count]
                let opacity = o.style == .isochrone ? "0.18" : "0.25"
                svg +=
                    "<g id=\"overlay-\(i)\" fill=\"\(colour)\" fill-opacity=\"\(opacity)\" stroke=\"\(colour)\" stroke-width=\"1\">\n"
                for g in o.geometries { svg += "<path d=\"\(try path(g))\" fill-rule=\"evenodd\"/>\n" }
            }
            svg += "</g>\n"
        }
        return svg
    }

    /// Roads (ordinary first, expressways on top; planned ones dashed) and interchanges.
    func roads(_ network: RoadNetwork) throws -> String {
        let ordered = network.links.sorted {
            ($0.roadClass.controlledAccess ? 1 : 0, $0.featureIndex) < (
                $1.roadClass.controlledAccess ? 1 : 0, $1.featureIndex
            )
        }
        var svg = "<g id=\"roads\" fill=\"none\" stroke-linecap=\"round\">\n"
        for link in ordered {
            let (colour, w) = MapRenderer.roadStyle(link.roadClass)
            let dash = link.status == .existing ? "" : " stroke-dasharray=\"8 6\""
            svg +=
                "<path d=\"\(try path(.lineString(link.coordinates)))\" stroke=\"\(colour)\" stroke-width=\"\(fmt(w))\"\(dash)>"
            svg += "<title>\(esc(link.ref ?? link.name ?? link.id))</title></path>\n"
        }
        for ic in network.interchanges {
            let (x, y) = xy(try projection.project(ic.location))
            let fill = ic.status == .existing ? "#7f2704" : "#ffffff"
            svg +=
                "<rect x=\"\(fmt(x - 3.5))\" y=\"\(fmt(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(fill)\" stroke=\"#7f2704\">"
            svg += "<title>\(esc(ic.name))</title></rect>\n"
        }
        return svg + "</g>\n"
    }

    /// Settlements sized by level and coloured by function type, then their labels.
    func settlements() throws -> String {
        let typeIndex = Dictionary(
            dataset.functionTypes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var svg = "<g id=\"settlements\" stroke=\"#ffffff\" stroke-width=\"1.2\">\n"
        var labels = ""
        // Labels are placed by priority (higher levels first), each at the first of four
        // spots beside its circle that overlaps no placed label or circle; one that fits
        // nowhere is left out (its name stays in the circle's tooltip).
        var taken: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        var candidates: [(s: Settlement, x: Double, y: Double, r: Double)] = []
        for s in dataset.settlements {
            guard let loc = s.location else { continue }
            let (x, y) = xy(try projection.project(loc))
            let r = radius(s.level.rank)
            taken.append((x - r, y - r, x + r, y + r))
            candidates.append((s, x, y, r))
        }
        for c in candidates.sorted(by: { ($0.s.level.rank, $0.s.featureIndex) < ($1.s.level.rank, $1.s.featureIndex) })
        where renderer.labels != .none {
            let text = renderer.labels == .pinyin ? c.s.namePinyin : c.s.nameZh
            let size = c.s.level.rank <= 2 ? 14.0 : 11.0
            let w = text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? size : size * 0.6) }
            let h = size
            let spots = [
                (c.x + c.r + 2, c.y + 4), (c.x - c.r - 2 - w, c.y + 4), (c.x - w / 2, c.y - c.r - 3),
                (c.x - w / 2, c.y + c.r + h),
            ]
            for (tx, ty) in spots {
                let box = (x0: tx, y0: ty - h + 2, x1: tx + w, y1: ty + 2)
                let clash = taken.contains { box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1 }
                let own = (c.x - c.r, c.y - c.r, c.x + c.r, c.y + c.r)
                let onlyOwn = !taken.contains {
                    !($0 == own) && box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1
                }
                guard !clash || onlyOwn, tx >= 0, tx + w <= width - legendWidth else { continue }
                taken.append(box)
                labels +=
                    "<text x=\"\(fmt(tx))\" y=\"\(fmt(ty))\" font-size=\"\(fmt(size))\" "
                labels +=
                    "fill=\"#252525\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(esc(text))</text>\n"
                break
            }
        }
        for s in dataset.settlements.sorted(by: { $0.level.rank > $1.level.rank }) {
            guard let loc = s.location else { continue }
            let (x, y) = xy(try projection.project(loc))
            let r = radius(s.level.rank)
            let colour =
                s.functionType.map {
                    MapRenderer.functionColours[(typeIndex[$0.id] ?? 0) % MapRenderer.functionColours.count]
                } ?? "#737373"
            svg += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"\(fmt(r))\" fill=\"\(colour)\">"
            svg +=
                "<title>\(esc(s.nameZh)) \(esc(s.level.nameZh)) \(esc(s.functionType?.nameZh ?? ""))</title></circle>\n"
        }
        return svg + "</g>\n<g id=\"labels\">\n" + labels + "</g>\n"
    }

    /// The legend beside the map: title, function types, levels, road classes, overlays.
    func legend(network: RoadNetwork?, overlays: [MapOverlay]) -> String {
        var ly = margin
        let lx = width - legendWidth + 10
        var svg = "<g id=\"legend\" font-size=\"13\" fill=\"#252525\">\n"
        func heading(_ text: String, gap: Double = 20) {
            svg += "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-weight=\"bold\">\(text)</text>\n"
            ly += gap
        }
        /// An item's text at `x`, wrapped to the legend's width: continuation lines move
        /// `ly` down by one line each.
        func text(_ x: Double, _ s: String) {
            let lines = MapRenderer.wrap(s, width: Int((lx + legendWidth - 20 - x) / 6.8))
            for (i, l) in lines.enumerated() {
                if i > 0 { ly += 16 }
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(ly))\">\(esc(l))</text>\n"
            }
        }
        func line(_ colour: String, _ w: String, dash: String = "") {
            svg += "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(ly - 4))\" x2=\"\(fmt(lx + 26))\" y2=\"\(fmt(ly - 4))\" "
            svg += "stroke=\"\(colour)\" stroke-width=\"\(w)\"\(dash)/>"
        }
        if let title = renderer.title {
            for line in MapRenderer.wrap(title, width: 40) {
                svg +=
                    "<text x=\"\(fmt(lx))\" y=\"\(fmt(ly))\" font-size=\"15\" font-weight=\"bold\">\(esc(line))</text>\n"
                ly += 19
            }
            ly += 9
        }
        if !dataset.functionTypes.isEmpty { heading("职能类型 function type") }
        for (i, t) in dataset.functionTypes.enumerated() {
            let colour = MapRenderer.functionColours[i % MapRenderer.functionColours.count]
            svg += "<circle cx=\"\(fmt(lx + 8))\" cy=\"\(fmt(ly - 4))\" r=\"6\" fill=\"\(colour)\"/>"
            text(lx + 22, MapPage.both(t.nameZh, t.nameEn))
            ly += 19
        }
        ly += 8
        heading("等级 level", gap: 22)
        for l in dataset.levels {
            let r = radius(l.rank)
            svg += "<circle cx=\"\(fmt(lx + 10))\" cy=\"\(fmt(ly - 4))\" r=\"\(fmt(r))\" fill=\"#969696\"/>"
            text(lx + 28, MapPage.both(l.nameZh, l.nameEn))
            ly += max(20, 2 * r + 6)
        }
        if let network {
            ly += 8
            heading("道路 roads\(network.isModelled ? " (modelled)" : "")")
            for c in network.classes where network.links.contains(where: { $0.roadClass.id == c.id }) {
                let (colour, w) = MapRenderer.roadStyle(c)
                line(colour, fmt(w))
                text(lx + 34, MapPage.both(c.nameZh, c.nameEn))
                ly += 19
            }
            line("#525252", "2", dash: " stroke-dasharray=\"8 6\"")
            svg += "<text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">规划 planned</text>\n"
            ly += 19
            svg += "<rect x=\"\(fmt(lx + 9))\" y=\"\(fmt(ly - 8))\" width=\"7\" height=\"7\" fill=\"#7f2704\"/>"
            svg += "<text x=\"\(fmt(lx + 34))\" y=\"\(fmt(ly))\">互通 interchange</text>\n"
            ly += 19
        }
        for (i, o) in overlays.enumerated() {
            let colour =
                o.style == .failingRoute
                ? "#e31a1c"
                : o.style == .linkage ? "#6a3d9a" : MapRenderer.overlayColours[i % MapRenderer.overlayColours.count]
            svg += "<rect x=\"\(fmt(lx))\" y=\"\(fmt(ly - 11))\" width=\"26\" height=\"12\" fill=\"\(colour)\" "
            svg += "fill-opacity=\"0.4\" stroke=\"\(colour)\"/>"
            text(lx + 34, o.name)
            ly += 19
        }
        // A legend taller than the page is scaled down to fit above the footer.
        let room = height - 40 - margin
        if ly - margin > room {
            let k = room / (ly - margin)
            svg = svg.replacingOccurrences(
                of: "<g id=\"legend\" ",
                with:
                    "<g id=\"legend\" transform=\"translate(\(fmt(lx * (1 - k))) \(fmt(margin * (1 - k)))) scale(\(String(format: "%.4f", k)))\" "
            )
        }
        return svg + "</g>\n"
    }

    /// A name with its other-language name beside it, once when they are the same.
    static func both(_ primary: String, _ secondary: String) -> String {
        secondary.isEmpty || secondary == primary ? primary : "\(primary) \(secondary)"
    }

    /// A scale bar of a round length near a fifth of the map width.
    func scaleBar() -> String {
        let mapWidthM = (width - legendWidth - 2 * margin) / scale
        let nice =
            [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].map { $0 * 1000 }.last { $0 <= mapWidthM / 5 } ?? 1000
        let barPx = nice * scale
        let by = height - 18.0
        var svg = "<g id=\"scale-bar\" font-size=\"12\" fill=\"#252525\">"
        svg +=
            "<rect x=\"\(fmt(margin))\" y=\"\(fmt(by - 8))\" width=\"\(fmt(barPx / 2))\" height=\"6\" fill=\"#252525\"/>"
        svg += "<rect x=\"\(fmt(margin + barPx / 2))\" y=\"\(fmt(by - 8))\" width=\"\(fmt(barPx / 2))\" height=\"6\" "
        svg += "fill=\"#ffffff\" stroke=\"#252525\"/>"
        svg += "<text x=\"\(fmt(margin))\" y=\"\(fmt(by - 12))\">0</text>"
        svg += "<text x=\"\(fmt(margin + barPx))\" y=\"\(fmt(by - 12))\" text-anchor=\"middle\">"
        return svg + "\(JSONValue.format(nice / 1000)) km</text></g>\n"
    }

    /// A north arrow (grid north of the metric CRS).
    func northArrow() -> String {
        let nx = width - legendWidth - 30
        let ny = margin + 10
        var svg = "<g id=\"north-arrow\"><path d=\"M\(fmt(nx)) \(fmt(ny))L\(fmt(nx - 10)) \(fmt(ny + 30))"
        svg += "L\(fmt(nx)) \(fmt(ny + 22))L\(fmt(nx + 10)) \(fmt(ny + 30))Z\" fill=\"#252525\"/>"
        return svg
            + "<text x=\"\(fmt(nx))\" y=\"\(fmt(ny - 6))\" font-size=\"16\" text-anchor=\"middle\">N</text></g>\n"
    }

    /// The CRS and where the data comes from.
    func footer(network: RoadNetwork?) -> String {
        let modelled = network?.isModelled == true ? "; roads schematic (modelled)" : ""
        // The data folder as the user would find it: relative to the working folder when inside it.
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let folder =
            dataset.directory.hasPrefix(cwd) ? String(dataset.directory.dropFirst(cwd.count)) : dataset.directory
        let credit = network?.credit.map { "; roads: \($0)" } ?? ""
        return
            "<text x=\"\(fmt(margin))\" y=\"\(fmt(height - 4))\" font-size=\"10\" fill=\"#737373\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">"
            + "\(esc(dataset.metricCRS)); data: \(esc(folder)) (sources and licences in its README)\(modelled)\(esc(credit))</text>\n"
    }
}
