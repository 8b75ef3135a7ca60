import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the plan's travel-time targets on the network: which pairs pass or fail, and by how much.",
        discussion: """
        For each target: pairs checked, passed, failed, unreachable and not located, the worst
        pair and its margin (limit minus time; negative fails). The report names the network it
        ran on and whether that network is modelled.

        Exit status: 0 when every binding target holds (indicative targets are reported but do
        not fail the run unless --strict); 2 when a target fails; 1 on an error.

        Examples:
          towngraph check
          towngraph check --details --format markdown
          towngraph check --scenario 2035
          towngraph check --compare base,2035
          towngraph check --format geojson -o failing-routes.geojson
          towngraph check --all -o targets.md      # every bundled dataset, one markdown report
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: "Output format: table, markdown, json or geojson (the routes of failing pairs).")
    var format: CheckFormat = .table
    @Flag(help: "List every pair with its time and margin.")
    var details = false
    @Flag(help: "Fail (exit status 2) on indicative targets too.")
    var strict = false
    @Option(help: ArgumentHelp("Check only these targets (ids, comma-separated).", valueName: "ids"))
    var target: [String] = []
    @Option(help: ArgumentHelp("Compare two scenarios, for example base,2035.", valueName: "a,b"))
    var compare: String?
    @Flag(help: "Check every bundled dataset and write one markdown report.")
    var all = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        if all && (dataset.data != nil || networkChoice.network != nil || compare != nil || !target.isEmpty) {
            throw ValidationError("--all checks every bundled dataset on its own network; it takes no --data, --network, --compare or --target")
        }
        if let compare {
            let parts = compare.split(separator: ",")
            guard parts.count == 2, parts.allSatisfy({ $0 == "base" || Int($0) != nil }) else {
                throw ValidationError("--compare takes two scenarios, such as base,2035")
            }
            if networkChoice.scenario != nil { throw ValidationError("use either --scenario or --compare") }
            if format == .geojson { throw ValidationError("--compare writes a table or markdown") }
        }
    }

    /// One markdown report over every bundled dataset.
    func runAll() throws {
        var text = "## Plan targets across the bundled datasets\n\n"
        var passes = true
        let found = DatasetCatalog.bundled()
        guard !found.isEmpty else { throw ValidationError("no bundled datasets found; set TOWNGRAPH_DATA to the GeoData folder") }
        for (name, dir) in found {
            let d = try DatasetLoader.load(directory: dir)
            guard let spec = d.network, !(d.targets.isEmpty && d.serviceTargets.isEmpty) else {
                text += "### \(name): no accessibility targets or network declared\n\n"
                continue
            }
            guard spec.shipsNetwork else {
                text += "### \(name): not checked — the dataset ships no road network (\(spec.description))\n\n"
                continue
            }
            let network = try RoadNetworkLoader.load(path: spec.file, spec: spec)
            let (report, _) = try AccessibilityCheck.run(dataset: d, network: network, scenario: networkChoice.scenario)
            text += report.renderMarkdown(details: details) + "\n"
            passes = passes && report.passes(strict: strict)
        }
        try OutputFile.write(text, to: output)
        if !passes { throw ExitCode(2) }
    }

    func run() throws {
        if all { try runAll(); return }
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        // Every target (the expressway-service ones too) unless --target picks some.
        var targets: [TravelTimeTarget]? = nil
        if !target.isEmpty {
            targets = try splitList(target).map { id in
                guard let t = d.target(id: id) else {
                    throw ValidationError("unknown target \"\(id)\"; targets: \(d.targets.map(\.id).joined(separator: ", "))")
                }
                return t
            }
        }
        guard !d.targets.isEmpty || !d.serviceTargets.isEmpty else { throw ValidationError("dataset \(d.name) declares no targets") }
        if let compare {
            let scenarios = compare.split(separator: ",").map { Int($0) }
            let (a, _) = try AccessibilityCheck.run(dataset: d, network: network, scenario: scenarios[0], targets: targets)
            let (b, _) = try AccessibilityCheck.run(dataset: d, network: network, scenario: scenarios[1], targets: targets)
            try OutputFile.write(ScenarioComparison(base: a, other: b).renderTable(markdown: format == .markdown), to: output)
            if !(a.passes(strict: strict) && b.passes(strict: strict)) { throw ExitCode(2) }
            return
        }
        let (report, graph) = try AccessibilityCheck.run(dataset: d, network: network, scenario: networkChoice.scenario, targets: targets)
        let text: String
        switch format {
        case .table: text = report.renderTable(details: details)
        case .markdown: text = report.renderMarkdown(details: details)
        case .json: text = report.renderJSON(details: details)
        case .geojson: text = report.renderGeoJSON(graph: graph, network: network)
        }
        try OutputFile.write(text, to: output)
        if !report.passes(strict: strict) { throw ExitCode(2) }
    }
}

extension CheckFormat: ExpressibleByArgument {}
