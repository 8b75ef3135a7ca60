import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct IsochronesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isochrones",
        abstract: "Polygons of the area reached within each time limit, as RFC 7946 GeoJSON.",
        discussion: """
        The polygon for a limit is the band of --buffer-m metres around every road reached
        within it (roads reached part-way are cut where the limit falls), unioned with GEOS in
        the dataset's metric CRS and returned to WGS84. Each polygon contains those of smaller
        limits; parts under --min-part-km2 are dropped unless --keep-slivers. Several origins
        are computed in parallel, one set of polygons each.

        Examples:
          towngraph isochrones --from 主城区 --minutes 30,45,90 -o isochrones.geojson
          towngraph isochrones --from sub-class=county-seat --minutes 45 --scenario 2035 -o seats.geojson
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("Origins: ids or names, or a selection (level=…, sub-class=…).", valueName: "selection"))
    var from: [String]
    @Option(help: ArgumentHelp("Time limits in minutes, comma-separated.", valueName: "list"))
    var minutes: String = "30,45,90"
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around reached roads, metres.")
    var bufferMetres: Double = 500
    @Option(name: .customLong("min-part-km2"), help: "Drop polygon parts smaller than this, km².")
    var minPartKm2: Double = 0.5
    @Flag(name: .customLong("keep-slivers"), help: "Keep parts smaller than --min-part-km2.")
    var keepSlivers = false
    @Option(help: "Decimal places in the output coordinates.")
    var precision: Int = 6
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (- for standard output).", valueName: "file"))
    var output: String

    func limits() throws -> [Double] {
        let values = splitList([minutes]).map { Double($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 && $0!.isFinite }) else {
            throw ValidationError("--minutes takes positive numbers, such as 30,45,90")
        }
        return values.map { $0! }
    }

    func validate() throws {
        _ = try limits()
        guard bufferMetres > 0, bufferMetres.isFinite else { throw ValidationError("--buffer-m must be positive") }
        guard minPartKm2 >= 0 else { throw ValidationError("--min-part-km2 must not be negative") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let origins = try PlaceArgument.parse(from).places(in: d, network: network, scenario: networkChoice.scenario)
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: origins, metricCRS: d.metricCRS)
        for o in origins where graph.node(of: o.id) == nil {
            throw ValidationError("\(o.name) (\(o.id)) is not on the network: \(graph.report.notAttached.first { $0.id == o.id }?.reason ?? "not attached")")
        }
        var options = IsochroneOptions()
        options.bufferMetres = bufferMetres
        options.minPartKm2 = minPartKm2
        options.keepSlivers = keepSlivers
        let limits = try limits()
        let chosen = options
        let results = try Parallel.map(origins) { o in try graph.isochrones(from: [o.id], minutes: limits, options: chosen) }
        let export = GeoJSONExport(decimals: precision)
        var features: [JSONValue] = []
        for (o, isos) in zip(origins, results) {
            for iso in isos {
                features.append(.object([
                    ("type", .string("Feature")), ("id", .string("\(o.id)/\(JSONValue.format(iso.minutes))")),
                    ("properties", .object([
                        ("origin", .string(o.id)), ("origin_name", .string(o.name)), ("minutes", .number(iso.minutes)),
                        ("area_km2", .number((iso.areaKm2 * 1000).rounded() / 1000)),
                        ("scenario", networkChoice.scenario.map { .number(Double($0)) } ?? .string("base")),
                        ("buffer_m", .number(bufferMetres)),
                    ])),
                    ("geometry", export.geometryJSON(iso.polygon)),
                ]))
            }
        }
        try OutputFile.write(export.collection(features).serialized(pretty: true) + "\n", to: output)
        if output != "-" {
            var err = StandardError()
            print("wrote \(features.count) isochrones for \(origins.count) origin\(origins.count == 1 ? "" : "s") to \(output) (network: \(graph.description))", to: &err)
        }
    }
}

/// Runs a throwing transform over items on every core, keeping the order.
enum Parallel {
    static func map<T, R>(_ items: [T], _ body: @Sendable (T) throws -> R) throws -> [R] where T: Sendable, R: Sendable {
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.set(i, Result { try body(items[i]) })
        }
        return try box.values.map { try $0!.get() }
    }
}

final class ResultBox<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<R, Error>?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<R, Error>) { lock.lock(); storage[i] = r; lock.unlock() }
    var values: [Result<R, Error>?] { lock.lock(); defer { lock.unlock() }; return storage }
}
