import ArgumentParser
import Foundation
import GeoKit
import TownGraph

@main
struct TownGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "towngraph",
        abstract: "Check a town-system plan against its data: settlement hierarchy, travel times and the plan's reach targets.",
        discussion: """
        With no --data option every command uses the bundled Dongying dataset (GeoData/dongying).

        Examples:
          towngraph info
          towngraph towns --function industry-commerce
          towngraph towns --level 重点镇 --county 广饶县 --format csv
          towngraph export -o dongying.geojson
          towngraph check --details
          towngraph reach --from 主城区 --minutes 30,45,90
          towngraph route 主城区 利津县城
          towngraph isochrones --from 主城区 --minutes 30,45,90 -o isochrones.geojson
          towngraph render -o map.svg --png
        """,
        version: "0.1.0 (GEOS \(GEOSContext.version), PROJ \(CRSTransformer.projVersion))",
        subcommands: [Info.self, Towns.self, Export.self, Check.self, Reach.self, Matrix.self, RouteCommand.self, IsochronesCommand.self, CatchmentsCommand.self, CoverageCommand.self, MeasuresCommand.self, LayoutCommand.self, RenderCommand.self, NetworkCommand.self, Datasets.self]
    )
}

/// The dataset option every command shares.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A bundled dataset name or a dataset folder (one holding dataset.yaml).", valueName: "name|dir"))
    var data: String?

    func load() throws -> Dataset {
        let directory = try DatasetCatalog.resolve(data)
        return try DatasetLoader.load(directory: directory)
    }
}

/// Splits repeated, comma-separated option values: `--level a,b --level c` → [a, b, c].
func splitList(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
}

/// Tells on standard error how many warnings the dataset has (the output stays clean).
func noteWarnings(_ dataset: Dataset) {
    guard !dataset.warnings.isEmpty else { return }
    var err = StandardError()
    print("\(dataset.warnings.count) warning\(dataset.warnings.count == 1 ? "" : "s") in dataset \(dataset.name) (see `towngraph info`)", to: &err)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
