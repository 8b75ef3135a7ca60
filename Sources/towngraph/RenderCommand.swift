import ArgumentParser
import TownGraphAnalysis
import TownGraphModel
import TownGraphOutput

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Draw a thematic SVG map: counties, roads by class, settlements by level and function type, legend, scale bar, north arrow.",
        discussion: """
            The map is drawn in the dataset's metric CRS. Labels use a CJK font found with fc-list (install one with: apt-get install fonts-noto-cjk). --png also writes a PNG with rsvg-convert (apt-get install librsvg2-bin).

            Examples:
              towngraph render -o map.svg --png
              towngraph render --isochrones-from 主城区 --minutes 45 -o reach.svg
              towngraph render --catchments sub-class=county-seat --failing -o a.svg
              towngraph render --influence level=county-centre --linkage 20 -o b.svg
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(name: .shortAndLong, help: ArgumentHelp("The SVG file to write.", valueName: "file"))
    var output: String
    @Option(help: "Labels: chinese, pinyin or none.")
    var labels: MapRenderer.Labels = .chinese
    @Option(help: "Map title (default: the dataset's title).")
    var title: String?
    @Option(
        name: .customLong("isochrones-from"),
        help: ArgumentHelp("Draw isochrones from these places.", valueName: "selection"))
    var isochronesFrom: [String] = []
    @Option(
        help: ArgumentHelp(
            "Limits for --isochrones-from in minutes: positive numbers, comma-separated.", valueName: "list"))
    var minutes = MinuteLimits([30, 45, 90])
    @Option(help: ArgumentHelp("Draw the network catchments of these members.", valueName: "selection"))
    var catchments: [String] = []
    @Flag(help: "Draw the routes of pairs that fail the dataset's targets.")
    var failing = false
    @Option(
        help: ArgumentHelp(
            "Draw the strongest N linkage lines (towngraph linkage), as wide as their strength.", valueName: "N"))
    var linkage: Int = 0
    @Option(
        help: ArgumentHelp(
            "Draw the influence areas of these central towns (towngraph influence).", valueName: "selection"))
    var influence: [String] = []
    @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert).")
    var png = false

    func validate() throws {
        if !isochronesFrom.isEmpty { _ = try placeSelection(isochronesFrom, option: "--isochrones-from") }
        for c in catchments { _ = try placeSelection([c], option: "--catchments") }
        for c in influence { _ = try placeSelection([c], option: "--influence") }
        guard linkage >= 0 else { throw ValidationError("--linkage must not be negative") }
    }

    func run() throws {
        let d = try dataset.load()
        // The dataset's own network when it ships one, or the one given with --network.
        let network =
            networkChoice.network != nil || d.network?.shipsNetwork == true ? try networkChoice.load(for: d) : nil
        var overlays: [MapOverlay] = []
        if let network {
            overlays = try Queries.mapOverlays(
                dataset: d, network: network, scenario: networkChoice.scenario,
                isochronesFrom: isochronesFrom.isEmpty
                    ? nil : placeSelection(isochronesFrom, option: "--isochrones-from"),
                minutes: minutes.values,
                catchments: catchments.map { try placeSelection([$0], option: "--catchments") },
                failing: failing, linkage: linkage,
                influence: influence.isEmpty
                    ? nil
                    : PlaceSelection(try influence.flatMap { try placeSelection([$0], option: "--influence").parts }))
        }
        var renderer = MapRenderer()
        renderer.labels = labels
        renderer.title = title ?? d.title
        if labels == .chinese {
            if let font = MapRaster.cjkFontFamily() {
                renderer.fontFamilies = [font] + renderer.fontFamilies.filter { $0 != font }
            } else {
                note(
                    "note: no CJK font found by fc-list; Chinese labels may not show in the PNG (apt-get install fonts-noto-cjk), or use --labels pinyin"
                )
            }
        }
        try OutputFile.write(try renderer.render(dataset: d, network: network, overlays: overlays), to: output)
        note("wrote \(output)")
        if png { note("wrote \(try MapRaster.png(fromSVG: output))") }
    }
}

extension MapRenderer.Labels: ExpressibleByArgument {}
