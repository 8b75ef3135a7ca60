import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a thematic SVG map: counties, roads by class, settlements by level and function type, legend, scale bar, north arrow.",
        discussion: """
        The map is drawn in the dataset's metric CRS. Labels use a CJK font found with fc-list
        (install one with: apt-get install fonts-noto-cjk). --png also writes a PNG with
        rsvg-convert (apt-get install librsvg2-bin).

        Examples:
          towngraph render -o map.svg --png
          towngraph render --isochrones-from 主城区 --minutes 45 -o reach.svg
          towngraph render --catchments sub-class=county-seat --catchments zhuchengqu --failing -o analysis.svg
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(name: .shortAndLong, help: ArgumentHelp("The SVG file to write.", valueName: "file"))
    var output: String
    @Option(help: "Labels: chinese, pinyin or none.")
    var labels: MapRenderer.Labels = .chinese
    @Option(help: "Map title (default: the dataset's title).")
    var title: String?
    @Option(name: .customLong("isochrones-from"), help: ArgumentHelp("Draw isochrones from these places.", valueName: "selection"))
    var isochronesFrom: [String] = []
    @Option(help: ArgumentHelp("Limits for --isochrones-from, minutes.", valueName: "list"))
    var minutes: String = "30,45,90"
    @Option(help: ArgumentHelp("Draw the network catchments of these members.", valueName: "selection"))
    var catchments: [String] = []
    @Flag(help: "Draw the routes of pairs that fail the dataset's targets.")
    var failing = false
    @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert).")
    var png = false

    func run() throws {
        let d = try dataset.load()
        // The dataset's own network when it ships one, or the one given with --network.
        let network = networkChoice.network != nil || d.network?.shipsNetwork == true ? try networkChoice.load(for: d) : nil
        var overlays: [MapRenderer.Overlay] = []
        if let network, !isochronesFrom.isEmpty {
            let origins = try PlaceArgument.parse(isochronesFrom).places(in: d, network: network, scenario: networkChoice.scenario)
            let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: origins, metricCRS: d.metricCRS)
            let limits = splitList([minutes]).compactMap(Double.init).sorted(by: >)
            for o in origins {
                let isos = try graph.isochrones(from: [o.id], minutes: limits)
                for iso in isos.reversed() {
                    overlays.append(.init(name: "\(o.name) \(JSONValue.format(iso.minutes)) min", style: .isochrone, geometries: [iso.polygon]))
                }
            }
        }
        if let network, !catchments.isEmpty {
            var members: [Place] = []
            for m in catchments { members += try PlaceArgument.parse([m]).places(in: d, network: network, scenario: networkChoice.scenario) }
            let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: d.places, metricCRS: d.metricCRS)
            let result = try graph.catchments(members: members, places: d.places, boundary: nil)
            for (m, g) in zip(result.members, result.networkPolygons) {
                if let g { overlays.append(.init(name: "\(m.name) catchment", style: .catchment, geometries: [g])) }
            }
        }
        if let network, failing {
            let (report, graph) = try AccessibilityCheck.run(dataset: d, network: network, scenario: networkChoice.scenario)
            var routes: [Geometry] = []
            for r in report.results {
                for p in r.pairs where p.outcome == .failed {
                    if let dest = p.destination, let a = graph.node(of: p.origin.id), let b = graph.node(of: dest.id),
                       let route = graph.route(from: a, to: b) { routes.append(.lineString(route.coordinates)) }
                }
            }
            overlays.append(.init(name: "failing pairs (\(routes.count))", style: .failingRoute, geometries: routes))
        }
        var renderer = MapRenderer()
        renderer.labels = labels
        renderer.title = title ?? d.title
        var err = StandardError()
        if labels == .chinese {
            if let font = Fonts.cjkFamily() {
                renderer.fontFamilies = [font] + renderer.fontFamilies
            } else {
                print("note: no CJK font found by fc-list; Chinese labels may not show in the PNG (apt-get install fonts-noto-cjk), or use --labels pinyin", to: &err)
            }
        }
        let svg = try renderer.render(dataset: d, network: network, overlays: overlays)
        try OutputFile.write(svg, to: output)
        print("wrote \(output)", to: &err)
        if png {
            let target = (output as NSString).deletingPathExtension + ".png"
            guard let converter = Fonts.which("rsvg-convert") else {
                throw ValidationError("--png needs rsvg-convert, which is not installed: apt-get install librsvg2-bin (the SVG was written)")
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: converter)
            p.arguments = ["-o", target, output]
            try p.run(); p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw ValidationError("rsvg-convert failed (exit \(p.terminationStatus)) converting \(output)") }
            print("wrote \(target)", to: &err)
        }
    }
}

extension MapRenderer.Labels: ExpressibleByArgument {}

/// Finding fonts and programs on the system.
enum Fonts {
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The first font family fontconfig lists for Chinese, if any.
    static func cjkFamily() -> String? {
        guard let fc = which("fc-list") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: fc)
        p.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let families = String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0.split(separator: ",").first ?? "") }.filter { !$0.isEmpty }.sorted()
        return families.first { $0.contains("CJK SC") } ?? families.first
    }
}
