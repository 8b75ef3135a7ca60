import Foundation
import TestSupport
import Testing

/// Every subcommand fails in two ways, told apart by the exit status: a bad option value is
/// a usage error (64, with the usage text, from `validate()` or the parser), anything that
/// goes wrong while running is a runtime error (1, one line, no usage text).
@Suite struct ExitStatusTests {
    /// (subcommand, arguments with a bad option value, what the message names)
    static let usageErrors: [(String, [String], String)] = [
        ("info", ["info", "--format", "csv"], "this command writes text, table or json"),
        ("towns", ["towns", "--precision", "99"], "--precision must lie between 0 and 15"),
        ("export", ["export"], "say where to write"),
        ("check", ["check", "--compare", "2035"], "--compare <a,b>"),
        ("reach", ["reach", "--from", "主城区", "--minutes", "0,30"], "--minutes <list>"),
        ("matrix", ["matrix", "--from", "colour=red"], "unknown selection key \"colour\""),
        ("route", ["route", "主城区", "利津县城", "--format", "csv"], "this command writes text, table or geojson"),
        ("isochrones", ["isochrones", "--from", "主城区", "--buffer-m=-1", "-o", "-"], "--buffer-m must be positive"),
        ("catchments", ["catchments", "--members", "colour=red"], "unknown selection key"),
        ("coverage", ["coverage", "--from", "interchanges", "--minutes=-5"], "--minutes must be positive"),
        ("measures", ["measures", "--scenario", "5"], "--scenario must be a year"),
        ("layout", ["layout", "--within-km=-1"], "--within-km must be a non-negative number"),
        ("render", ["render"], "Missing expected argument '--output <file>'"),
        ("network report", ["network", "report", "--scenario", "1"], "--scenario must be a year"),
        ("network import", ["network", "import", "x.osm.pbf", "--bbox", "1,2,3"], "--bbox <W,S,E,N>"),
        ("linkage", ["linkage", "--exponent=-1"], "--exponent must be a number ≥ 0"),
        ("access", ["access", "--decay", "gaussian"], "--decay takes power, exponential or log-logistic"),
        (
            "influence", ["influence", "--centres", "level=county-centre", "--exponent=0"],
            "--exponent must be positive"
        ),
        ("priorities", ["priorities"], "Missing expected argument '--scenario <year>'"),
        ("datasets", ["datasets", "--data", "dongying"], "Unknown option '--data'"),
        ("init", ["init", "x"], "Missing expected argument '--settlements <file>'"),
        ("db push", ["db", "push", "--db", "mysql://x"], "--db takes a postgresql:// URL"),
    ]

    @Test(arguments: usageErrors.map { $0.0 })
    func badOptionValueIsAUsageError(command: String) throws {
        let (_, arguments, message) = Self.usageErrors.first { $0.0 == command }!
        let r = try TestProcess.towngraph(arguments)
        #expect(r.status == 64, "\(command): status \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
        #expect(r.stderr.contains("Usage: towngraph"), "\(command): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// (subcommand, arguments that parse but fail when run, what the one line says)
    static func runtimeErrors(_ temp: TemporaryDirectory) -> [(String, [String], String)] {
        let missing = temp.path("no/such/folder/out")
        return [
            ("info", ["info", "--data", temp.path("nowhere")], "no dataset folder at"),
            ("towns", ["towns", "--inside", temp.path("missing.geojson")], "missing.geojson: cannot read"),
            ("export", ["export", "-o", missing + ".geojson"], "does not exist"),
            ("check", ["check", "--target", "nowhere"], "unknown target \"nowhere\""),
            ("reach", ["reach", "--from", "不存在镇"], "unknown settlement \"不存在镇\""),
            ("matrix", ["matrix", "--from", "level=capital"], "unknown level \"capital\""),
            ("route", ["route", "主城区", "刁口乡"], "刁口乡 (diaokou) is not on the network: not located"),
            ("isochrones", ["isochrones", "--from", "刁口乡", "-o", temp.path("iso.geojson")], "is not on the network"),
            ("catchments", ["catchments", "--members", "county=nowhere"], "unknown county \"nowhere\""),
            ("coverage", ["coverage", "--from", "kind=palace"], "unknown settlement kind \"palace\""),
            ("measures", ["measures", "--network", "nosuch"], "has no network named nosuch"),
            ("layout", ["layout", "--data", "shandong"], "declares no layout"),
            ("render", ["render", "-o", missing + ".svg"], "does not exist"),
            ("linkage", ["linkage", "--economic", "gdp"], "unknown attribute \"gdp\""),
            ("access", ["access", "--sites", "不存在镇"], "unknown settlement \"不存在镇\""),
            ("influence", ["influence", "--centres", "level=村"], "unknown level \"村\""),
            ("priorities", ["priorities", "--scenario", "2020"], "no planned link or interchange is due by 2020"),
            ("network report", ["network", "--network", temp.path("missing-roads.geojson")], "no such file"),
            ("network import", ["network", "import", temp.path("missing.osm.pbf")], "no such file"),
            ("init", ["init", temp.path("new"), "--settlements", temp.path("missing.csv")], "no such file"),
            ("db push", ["db", "push", "--db", "postgresql://planner@127.0.0.1:1/plans"], "cannot connect to"),
        ]
    }

    @Test func runtimeFailureIsOneLineAndExitsOne() throws {
        let temp = try TemporaryDirectory()
        var commands = Set<String>()
        for (command, arguments, message) in Self.runtimeErrors(temp) {
            commands.insert(command)
            let r = try TestProcess.towngraph(arguments)
            #expect(r.status == 1, "\(command): status \(r.status), \(r.stderr)")
            #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("Usage:"), "\(command): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("note:") && !$0.contains("warning") }
            #expect(lines.count == 1, "\(command): \(r.stderr)")
        }
        // Every subcommand but `datasets`, whose only runtime failure (no bundled dataset
        // anywhere) cannot happen to a binary that sits in a checkout.
        let all = Set(Self.usageErrors.map(\.0))
        #expect(all.subtracting(commands) == ["datasets"])
        #expect(!FileManager.default.fileExists(atPath: missing(temp)))
    }

    func missing(_ temp: TemporaryDirectory) -> String { temp.path("no") }
}

/// A selection that selects nothing is an error, not an empty result that looks like one.
@Suite struct EmptySelectionTests {
    @Test(arguments: [
        ["isochrones", "--from", "level=county-centre", "--from", "level=key-town", "-o", "-"],
        ["matrix", "--from", "level=county-centre", "--from", "level=key-town"],
        ["coverage", "--from", "level=county-centre", "--from", "level=key-town"],
    ])
    func emptySelectionIsAnError(arguments: [String]) throws {
        let r = try TestProcess.towngraph(arguments)
        #expect(r.status == 1 && r.stderr.contains("selection selects no place"), "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
