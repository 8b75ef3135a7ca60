import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct LinkageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkage",
        abstract: "Linkage strength between towns (城镇联系强度), on network times or straight lines.",
        discussion: """
            The gravity model R_ij = k · √(P_i G_i) · √(P_j G_j) / D_ij^b, with P the midpoint of each town's population band, G an economic size from a declared attribute (--economic; 1 when none is given) and D the network time in minutes or, with --distance straight, the straight-line distance in km (the usual practice, for comparison). A town's total linkage (城镇联系总量) is the sum over the others. The parameters are echoed in every output; see docs/analyses.md.

            Examples:
              towngraph linkage
              towngraph linkage --distance straight --top 5
              towngraph linkage --format geojson -o linkage.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(
        help: ArgumentHelp(
            "The towns (a selection; default: every located town with a population band).", valueName: "selection"))
    var towns: [String] = ["all"]
    @Option(help: "Separation: time (network minutes) or straight (km).")
    var distance: Separation = .time
    @Option(help: "The distance exponent b.")
    var exponent: Double = 2
    @Option(help: "The constant k.")
    var constant: Double = 1
    @Option(help: ArgumentHelp("A numeric settlement attribute to use as economic size G.", valueName: "attribute"))
    var economic: String?
    @Option(help: "Strongest links listed per town in the table.")
    var top: Int = 3
    @Option(help: "Output format: table, csv, json or geojson (lines weighted by strength).")
    var format: OutputFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        try require(format, in: [.table, .csv, .json, .geojson])
        _ = try placeSelection(towns, option: "--towns")
        guard exponent.isFinite, exponent >= 0 else { throw ValidationError("--exponent must be a number ≥ 0") }
        guard constant.isFinite, constant > 0 else { throw ValidationError("--constant must be positive") }
        guard top >= 0 else { throw ValidationError("--top must not be negative") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = distance == .time ? try networkChoice.load(for: d) : nil
        let result = try Queries.linkage(
            dataset: d, network: network, scenario: networkChoice.scenario,
            towns: placeSelection(towns, option: "--towns"),
            separation: distance, exponent: exponent, constant: constant,
            sizes: TownSizes(dataset: d, economicAttribute: economic))
        try OutputFile.write(result.render(format, top: top), to: output)
    }
}

extension Separation: ExpressibleByArgument {}
