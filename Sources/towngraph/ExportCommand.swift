import ArgumentParser
import TownGraphOutput

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export settlements, constituent units and counties as RFC 7946 GeoJSON.",
        discussion: """
            Output is WGS84 longitude/latitude with exterior rings counter-clockwise and holes clockwise, no crs member, features in dataset order with their stable ids, and a "layer" property on each feature. Files are written atomically: on any error no output file is left behind.

            Examples:
              towngraph export -o dongying.geojson
              towngraph export --layers settlements -o - | head
              towngraph export --split out/     # one file per layer in out/
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(
        help: ArgumentHelp(
            "Layers to export, comma-separated: settlements, constituents, external, counties.", valueName: "layers"))
    var layers: [String] = []
    @Option(help: "Decimal places kept in coordinates (6 ≈ 0.1 m).")
    var precision: Int = 6
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output file for one FeatureCollection (- for standard output).", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Write one file per layer into this folder instead.", valueName: "dir"))
    var split: String?

    func validate() throws {
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
        if output != nil && split != nil { throw ValidationError("use either --output or --split, not both") }
        if output == nil && split == nil {
            throw ValidationError("say where to write: --output FILE (- for standard output) or --split DIR")
        }
        _ = try chosenLayers()
    }

    func chosenLayers() throws -> [GeoJSONExport.Layer] {
        let names = layers.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter {
            !$0.isEmpty
        }
        if names.isEmpty { return GeoJSONExport.Layer.allCases }
        return try names.map { name in
            guard let layer = GeoJSONExport.Layer(rawValue: name) else {
                throw ValidationError(
                    "unknown layer \"\(Printable.text(name))\"; layers: \(GeoJSONExport.Layer.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return layer
        }
    }

    func run() throws {
        let d = try dataset.load()
        noteWarnings(d)
        let export = GeoJSONExport(decimals: precision)
        if let split { try OutputFile.makeFolder(split) }
        let (files, summary) = export.files(
            d, layers: try chosenLayers(), explicit: !layers.isEmpty, output: output, split: split)
        try OutputFile.write(files)
        if output != "-" { note(summary) }
    }
}
