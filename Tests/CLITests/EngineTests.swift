import Foundation
import TestSupport
import Testing

/// `--engine ch` (the contraction hierarchy, with routes unpacked from its shortcuts) prints
/// exactly what `--engine dijkstra` prints, for every routing command on the bundled data.
@Suite struct EngineTests {
    @Test(arguments: [
        ["check", "--details"],
        ["check", "--scenario", "2035", "--format", "geojson"],
        ["check", "--compare", "base,2035"],
        ["check", "--network", "osm-major-roads", "--format", "json", "--details"],
        ["matrix", "--from", "all", "--long"],
        ["reach", "--from", "主城区", "--all"],
        ["route", "主城区", "利津县城", "--format", "geojson"],
        ["route", "dawang", "ic-dawang", "--scenario", "2035"],
        ["isochrones", "--from", "主城区", "--minutes", "30,45,90", "-o", "-"],
        ["coverage", "--from", "interchanges", "--minutes", "30"],
        ["catchments", "--members", "sub-class=county-seat", "-o", "-"],
        ["check", "--data", "shandong", "--format", "json", "--details"],
        ["matrix", "--data", "yantai", "--from", "all"],
    ])
    func bothEnginesPrintTheSame(command: [String]) throws {
        let a = try TestProcess.towngraph(command + ["--engine", "dijkstra"])
        let b = try TestProcess.towngraph(command + ["--engine", "ch"])
        #expect(a.status == b.status && (a.status == 0 || a.status == 2), "\(command): \(b.stderr)")
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout, "\(command)")
    }

    @Test func aBadEngineIsAUsageError() throws {
        let r = try TestProcess.towngraph(["matrix", "--from", "all", "--engine", "fast"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--engine"))
    }
}
