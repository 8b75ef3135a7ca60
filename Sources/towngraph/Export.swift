import ArgumentParser
import Foundation
import TownGraph

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export settlements, constituent units and counties as RFC 7946 GeoJSON.",
        discussion: """
        Output is WGS84 longitude/latitude with exterior rings counter-clockwise and holes
        clockwise, no crs member, features in dataset order with their stable ids, and a
        "layer" property on each feature. Files are written atomically: on any error no
        output file is left behind.

        Examples:
          towngraph export -o dongying.geojson
          towngraph export --layers settlements -o - | head
          towngraph export --split out/     # out/settlements.geojson, out/constituents.geojson, out/counties.geojson
        """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: ArgumentHelp("Layers to export, comma-separated: settlements, constituents, counties.", valueName: "layers"))
    var layers: [String] = []
    @Option(help: "Decimal places kept in coordinates (6 ≈ 0.1 m).")
    var precision: Int = 6
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file for one FeatureCollection (- for standard output).", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Write one file per layer into this folder instead.", valueName: "dir"))
    var split: String?

    func validate() throws {
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
        if output != nil && split != nil { throw ValidationError("use either --output or --split, not both") }
        if output == nil && split == nil { throw ValidationError("say where to write: --output FILE (- for standard output) or --split DIR") }
        _ = try chosenLayers()
    }

    func chosenLayers() throws -> [GeoJSONExport.Layer] {
        let names = splitList(layers)
        if names.isEmpty { return GeoJSONExport.Layer.allCases }
        return try names.map { name in
            guard let layer = GeoJSONExport.Layer(rawValue: name) else {
                throw ValidationError("unknown layer \"\(name)\"; layers: \(GeoJSONExport.Layer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return layer
        }
    }

    func run() throws {
        let d = try dataset.load()
        noteWarnings(d)
        let export = GeoJSONExport(decimals: precision)
        // Without --layers, layers the dataset leaves empty (external places, say) are skipped.
        let chosen = try chosenLayers().filter { !layers.isEmpty || !export.features($0, of: d).isEmpty }
        if let split {
            guard FileManager.default.fileExists(atPath: split) || (try? FileManager.default.createDirectory(atPath: split, withIntermediateDirectories: true)) != nil else {
                throw ValidationError("cannot create folder \(split)")
            }
            // Render every layer first, so a failure writes nothing.
            let texts = chosen.map { ($0, export.collection([$0], of: d).serialized(pretty: true) + "\n") }
            for (layer, text) in texts {
                try OutputFile.write(text, to: (split as NSString).appendingPathComponent("\(layer.rawValue).geojson"))
            }
            var err = StandardError()
            print("wrote \(texts.count) file\(texts.count == 1 ? "" : "s") to \(split)", to: &err)
        } else if let output {
            try OutputFile.write(export.collection(chosen, of: d).serialized(pretty: true) + "\n", to: output)
            if output != "-" {
                var err = StandardError()
                let n = chosen.map { export.features($0, of: d).count }.reduce(0, +)
                print("wrote \(n) features (\(chosen.map(\.rawValue).joined(separator: ", "))) to \(output)", to: &err)
            }
        }
    }
}
