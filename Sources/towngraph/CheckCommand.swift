import ArgumentParser
import Foundation
import TownGraphAnalysis
import TownGraphModel
import TownGraphOutput

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the plan's travel-time targets on the network: which pairs pass or fail, and by how much.",
        discussion: """
            For each target: pairs checked, passed, failed, unreachable and not located, the worst pair and its margin (limit minus time; negative fails). The report names the network it ran on and whether that network is modelled.

            Exit status: 0 when every binding target holds (indicative targets are reported but do not fail the run unless --strict); 2 when a target fails; 1 on an error; 64 for a bad option.

            Examples:
              towngraph check
              towngraph check --details --format markdown
              towngraph check --scenario 2035
              towngraph check --compare base,2035
              towngraph check --network osm-major-roads
              towngraph check --compare-networks schematic,osm-major-roads
              towngraph check --all --network osm-major-roads
              towngraph check --format geojson -o failing-routes.geojson
              towngraph check --all -o targets.md   # every bundled dataset
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice
    @OptionGroup var resultDatabase: ResultDatabase

    @Option(
        help:
            "Output format: table, markdown, json, geojson (the routes of failing pairs) or csv (every pair, one row each, for Excel)."
    )
    var format: OutputFormat = .table
    @Flag(help: "List every pair with its time and margin.")
    var details = false
    @Flag(help: "Fail (exit status 2) on indicative targets too.")
    var strict = false
    @Option(help: ArgumentHelp("Check only these targets (ids, comma-separated).", valueName: "ids"))
    var target: [String] = []
    @Option(help: ArgumentHelp("Compare two scenarios, each base or a year: base,2035.", valueName: "a,b"))
    var compare: ScenarioPair?
    @Option(
        name: .customLong("compare-networks"),
        help: ArgumentHelp(
            "Compare two networks, each a network name of the dataset or a file: schematic,osm-major-roads.",
            valueName: "a,b"))
    var compareNetworks: String?
    @Flag(
        help:
            "Check every bundled dataset and write one markdown report (with --network NAME: each on its network of that name)."
    )
    var all = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        try require(format, in: [.table, .markdown, .json, .geojson, .csv])
        if all && (dataset.data != nil || networkChoice.scenario != nil || !target.isEmpty) {
            throw ValidationError(
                "--all checks every bundled dataset on its own network (or the one named with --network); it takes no --data, --scenario or --target"
            )
        }
        if all && compare != nil && format != .table && format != .markdown {
            throw ValidationError("--all --compare writes markdown")
        }
        if let compareNetworks {
            if compare != nil || all || networkChoice.network != nil {
                throw ValidationError("--compare-networks takes neither --compare, --all nor --network")
            }
            let parts = compareNetworks.split(separator: ",", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw ValidationError(
                    "--compare-networks takes two networks separated by a comma: schematic,osm-major-roads")
            }
            if ![.table, .markdown, .json].contains(format) {
                throw ValidationError("--compare-networks writes a table, markdown or json")
            }
        }
        if compare != nil {
            if networkChoice.scenario != nil { throw ValidationError("use either --scenario or --compare") }
            if ![.table, .markdown, .json].contains(format) {
                throw ValidationError("--compare writes a table, markdown or json")
            }
        }
    }

    func run() throws {
        if all {
            let (text, passes) = try BundledCheck.run(
                details: details, strict: strict, network: networkChoice.network,
                compare: compare.map { ($0.first, $0.second) })
            try OutputFile.write(text, to: output)
            if !passes { throw ExitCode(2) }
            return
        }
        let d = try dataset.load()
        if let compareNetworks {
            let names = compareNetworks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let a = try NetworkChoice.open(names[0], for: d)
            let b = try NetworkChoice.open(names[1], for: d)
            let targets = try AccessibilityCheck.targets(Selection.terms(target), in: d)
            let comparison = try AccessibilityCheck.compare(
                dataset: d, networks: (a, b), scenario: networkChoice.scenario, targets: targets,
                graphs: engineChoice.graphs(d))
            try OutputFile.write(comparison.render(format), to: output)
            if !comparison.passes(strict: strict) { throw ExitCode(2) }
            return
        }
        let network = try networkChoice.load(for: d)
        if let warning = try DatumCheck.run(dataset: d, network: network).warning { note("warning: \(warning)") }
        // Every target (the expressway-service ones too) unless --target picks some.
        let targets = try AccessibilityCheck.targets(Selection.terms(target), in: d)
        if let compare {
            let comparison = try AccessibilityCheck.compare(
                dataset: d, network: network, scenarios: (compare.first, compare.second), targets: targets,
                graphs: engineChoice.graphs(d))
            try OutputFile.write(comparison.render(format), to: output)
            if !comparison.passes(strict: strict) { throw ExitCode(2) }
            return
        }
        let report = try AccessibilityCheck.run(
            dataset: d, network: network, scenario: networkChoice.scenario, targets: targets,
            withRoutes: format == .geojson || resultDatabase.table != nil,
            speedRanges: format != .geojson && format != .csv, graphs: engineChoice.graphs(d)
        ).report
        try resultDatabase.write { report.resultTable() }
        try OutputFile.write(report.render(format, details: details), to: output)
        if !report.passes(strict: strict) { throw ExitCode(2) }
    }
}
