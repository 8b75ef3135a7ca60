import ArgumentParser
import TownGraphAnalysis
import TownGraphModel
import TownGraphOutput

struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Accessibility of each town: population reached, Hansen potential, and 2SFCA scores for a service.",
        discussion: """
            On network times between towns: the population (and the number of towns) reached within each limit (cumulative opportunities); the Hansen potential A_i = Σ_j P_j f(t_ij) over the other towns, with a power, exponential or log-logistic decay f; and with --sites, the two-step floating catchment score of a service at those sites (capacity 1 each) against the towns' populations within --catchment minutes, per 10,000 people. P is the midpoint of each town's population band. The parameters are echoed in every output; see docs/analyses.md.

            Examples:
              towngraph access
              towngraph access --decay power --beta 1.5
              towngraph access --sites sub-class=county-seat --catchment 30
              towngraph access --format geojson -o access.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(
        help: ArgumentHelp(
            "The towns (a selection; default: every located town with a population band).", valueName: "selection"))
    var towns: [String] = ["all"]
    @Option(
        help: ArgumentHelp(
            "Limits for the population reached, minutes: positive numbers, comma-separated.", valueName: "list"))
    var minutes = MinuteLimits([30, 45, 60, 90])
    @Option(help: "The Hansen decay: power, exponential or log-logistic.")
    var decay: String = "exponential"
    @Option(
        help: ArgumentHelp(
            "β of the power (default 1) or exponential (default 0.05 per minute) decay.", valueName: "beta"))
    var beta: Double?
    @Option(help: ArgumentHelp("Minutes at which the log-logistic decay is ½ (default 45).", valueName: "minutes"))
    var t50: Double?
    @Option(help: ArgumentHelp("Steepness of the log-logistic decay (default 3).", valueName: "s"))
    var steepness: Double?
    @Option(
        help: ArgumentHelp(
            "Sites of a service for the 2SFCA score (each value its own selection).", valueName: "selection"))
    var sites: [String] = []
    @Option(help: "The 2SFCA catchment in minutes.")
    var catchment: Double = 30
    @Option(help: "Output format: table, csv, json or geojson (points with the scores).")
    var format: OutputFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func decayFunction() throws -> DistanceDecay {
        guard let base = DistanceDecay.defaults[decay] else {
            throw ValidationError("--decay takes power, exponential or log-logistic")
        }
        for (name, v) in [("--beta", beta), ("--t50", t50), ("--steepness", steepness)] {
            if let v, !(v.isFinite && v > 0) { throw ValidationError("\(name) must be positive") }
        }
        switch base {
        case .power(let b): return .power(beta: beta ?? b)
        case .exponential(let b): return .exponential(beta: beta ?? b)
        case .logLogistic(let t, let s): return .logLogistic(t50: t50 ?? t, steepness: steepness ?? s)
        }
    }

    func validate() throws {
        try require(format, in: [.table, .csv, .json, .geojson])
        _ = try decayFunction()
        _ = try placeSelection(towns, option: "--towns")
        for s in sites { _ = try placeSelection([s], option: "--sites") }
        guard catchment.isFinite, catchment > 0 else { throw ValidationError("--catchment must be positive") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let siteSelection =
            sites.isEmpty
            ? nil : PlaceSelection(try sites.flatMap { try placeSelection([$0], option: "--sites").parts })
        let result = try Queries.access(
            dataset: d, network: network, scenario: networkChoice.scenario,
            towns: placeSelection(towns, option: "--towns"),
            limits: minutes.values, decay: decayFunction(), sites: siteSelection, catchment: catchment,
            sizes: TownSizes(dataset: d, economicAttribute: nil))
        try OutputFile.write(result.render(format), to: output)
    }
}
