import ArgumentParser
import Foundation
import TownGraphInput
import TownGraphModel
import TownGraphOutput

struct NetworkImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a road network from an OpenStreetMap .osm.pbf or .osm file into network GeoJSON.",
        discussion: """
            Reads the file's highway ways in two passes (ways, then the positions of their nodes), maps highway=* to road classes with the default table below, honours maxspeed and oneway (yes, -1; implied on motorways, their ramps and roundabouts), splits ways where they share a node, keeps motorway junctions as interchanges, and keeps only the largest connected component unless --all-components is given (--strongly-connected keeps only the part where every node reaches every other). Ways whose nodes are missing from the file (an extract's edge) or outside --bbox are cut there.

            The output is RFC 7946 GeoJSON that declares its road classes, so every command takes it with --network, with any dataset. Commands also take the .osm.pbf directly.

            Classes and default speeds (km/h, when maxspeed gives none):
            \(OSMRoadTable.entries.map { "  \($0.highway.padding(toLength: 15, withPad: " ", startingAt: 0)) \(Int($0.speedKmh))  \($0.nameZh)" }.joined(separator: "\n"))

            Examples:
              towngraph network import helsinki.osm.pbf -o helsinki-roads.geojson
              towngraph network import shandong.osm.pbf --classes motorway,trunk -o r.geojson
              towngraph network import area.osm --bbox 118.4,37.3,118.8,37.6 -o r.geojson
              towngraph check --data binzhou --network binzhou.osm.pbf
            """)

    @Argument(help: ArgumentHelp("An OpenStreetMap file: .osm.pbf (PBF) or .osm (XML).", valueName: "file"))
    var file: String

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "Write the network GeoJSON here (without it, only the summary is printed).", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Keep only what lies inside this box, in degrees: west,south,east,north.", valueName: "W,S,E,N"))
    var bbox: BoundingBox?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "The highway classes to keep (comma-separated or repeated; default: all in the table).", valueName: "class")
    )
    var classes: [String] = []

    @Flag(help: "Keep every connected component, not only the largest.")
    var allComponents = false

    @Flag(help: "Keep only the largest strongly connected part: every node reaches every other along one-way streets.")
    var stronglyConnected = false

    @Option(help: ArgumentHelp("Summary format: text or json.", valueName: "text|json"))
    var format: OutputFormat = .text

    func options() -> OSMImportOptions {
        var options = OSMImportOptions(keepAllComponents: allComponents, stronglyConnected: stronglyConnected)
        if !classes.isEmpty { options.classes = Selection.terms(classes) }
        if let bbox { options.bbox = (bbox.west, bbox.south, bbox.east, bbox.north) }
        return options
    }

    func validate() throws {
        try require(format, in: [.text, .table, .json])
        do { try options().validate() } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let started = Date()
        let bar = ProgressBar()
        let result: (network: RoadNetwork, summary: OSMImportSummary)
        do {
            defer { bar.finish() }
            result = try OSMRoadImport.read(path: file, options: options(), progress: bar.update)
        }
        if let output { try OutputFile.write(NetworkGeoJSON.text(result.network) + "\n", to: output) }
        let seconds = Date().timeIntervalSince(started)
        if format == .json {
            print(OSMImportSummaryRendering.jsonText(result.summary, output: output), terminator: "")
        } else {
            print(OSMImportSummaryRendering.text(result.summary, output: output, seconds: seconds), terminator: "")
        }
    }
}
