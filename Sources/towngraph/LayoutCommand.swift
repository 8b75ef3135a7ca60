import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "The plan's spatial layout (一心两翼, development axes): which settlements fall in each element.",
        discussion: """
            Areas are drawn as the convex hull of their member units' points widened by the manifest's layout.buffer_km; axes as lines through their members in order. Each element prints the plan sentence it comes from and how it was drawn.

            Examples:
              towngraph layout
              towngraph layout --within-km 10 -o layout.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(name: .customLong("within-km"), help: "Distance from an axis that counts as on it, km.")
    var withinKm: Double = 5
    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the elements as GeoJSON here.", valueName: "file"))
    var output: String?

    func validate() throws {
        guard withinKm >= 0, withinKm.isFinite else {
            throw ValidationError("--within-km must be a non-negative number")
        }
    }

    func run() throws {
        let d = try dataset.load()
        let report = try Queries.layout(dataset: d, axisDistanceKm: withinKm)
        if let output { try OutputFile.write(GeoJSONWriter().text(report.features()), to: output) }
        print(report.renderText(patternSentence: d.layout?.patternSentence), terminator: "")
    }
}
