import ArgumentParser
import Foundation
import GeoKit
import TownGraph

struct CatchmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catchments",
        abstract: "Assign each settlement to its nearest member of a selection by travel time, beside the straight-line (Voronoi) assignment.",
        discussion: """
        Prints each place with its network member, the time to it, its Voronoi member, and
        whether the two differ. With -o, also writes the network catchment polygons (the
        reached network of each member, buffered and united, without overlaps) and the Voronoi
        cells clipped to the city boundary as GeoJSON.

        Examples:
          towngraph catchments --members sub-class=county-seat --members zhuchengqu
          towngraph catchments --members level=county-centre -o catchments.geojson
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("The members (centres): ids, names or a selection; repeat to add.", valueName: "selection"))
    var members: [String]
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around roads in the polygons, metres.")
    var bufferMetres: Double = 500
    @Option(help: "Table format: table, csv or json.")
    var format: Reach.ListFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the catchment polygons and Voronoi cells as GeoJSON here.", valueName: "file"))
    var output: String?

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        // Each --members value is its own selection; together they are a union.
        var chosen: [Place] = []
        for m in members {
            for p in try PlaceArgument.parse([m]).places(in: d, network: network, scenario: networkChoice.scenario)
            where !chosen.contains(where: { $0.id == p.id }) { chosen.append(p) }
        }
        let places = d.places
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario, places: places + chosen.filter { $0.kind == .interchange },
                                          metricCRS: d.metricCRS)
        let boundary: Geometry? = d.counties.isEmpty ? nil : try Boundary.union(d.counties.map(\.boundary))
        let result = try graph.catchments(members: chosen, places: places, boundary: boundary, bufferMetres: bufferMetres)
        let rows = result.assignments.filter { a in !chosen.contains { $0.id == a.place.id } }.map { a in
            [a.place.id, a.place.name, a.member?.name ?? "-", a.seconds.map { minutesText($0) } ?? (graph.node(of: a.place.id) == nil ? "not on network" : "unreachable"),
             a.voronoiMember?.name ?? "-", a.differs ? "differs" : ""]
        }
        let header = ["id", "name", "network member", "minutes", "Voronoi member", ""]
        switch format {
        case .table:
            var text = "Catchments of \(chosen.map(\.name).joined(separator: "、")) on \(graph.description)\n"
            text += TextTable(header: header, rows: rows, rightAligned: [3]).render()
            let differ = result.assignments.filter(\.differs)
            text += "\(differ.count) place\(differ.count == 1 ? "" : "s") fall\(differ.count == 1 ? "s" : "") to another member by road than by straight line\(differ.isEmpty ? "" : ": " + differ.map(\.place.name).joined(separator: "、"))\n"
            print(text, terminator: "")
        case .csv:
            print(CSV.render(header: ["id", "name", "network_member", "minutes", "voronoi_member", "differs"], rows: rows), terminator: "")
        case .json:
            let items: [JSONValue] = result.assignments.map { a in .object([
                ("id", .string(a.place.id)), ("member", a.member.map { .string($0.id) } ?? .null),
                ("minutes", a.seconds.map { .number(($0 / 60 * 1000).rounded() / 1000) } ?? .null),
                ("voronoi_member", a.voronoiMember.map { .string($0.id) } ?? .null), ("differs", .bool(a.differs)),
            ]) }
            print(JSONValue.array(items).serialized(pretty: true))
        }
        if let output {
            let export = GeoJSONExport()
            var features: [JSONValue] = []
            for (i, m) in result.members.enumerated() {
                for (kind, g) in [("network", result.networkPolygons[i]), ("voronoi", result.voronoiCells[i])] {
                    guard let g else { continue }
                    features.append(.object([
                        ("type", .string("Feature")), ("id", .string("\(kind)/\(m.id)")),
                        ("properties", .object([("member", .string(m.id)), ("member_name", .string(m.name)), ("kind", .string(kind))])),
                        ("geometry", export.geometryJSON(g)),
                    ]))
                }
            }
            try OutputFile.write(export.collection(features).serialized(pretty: true) + "\n", to: output)
        }
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Share of each county's area and settlements within N minutes of a selection.",
        discussion: """
        The area within reach is the band of --buffer-m metres around the roads reached within
        the limit from the nearest member of the selection.

        Examples:
          towngraph coverage --from interchanges --minutes 30
          towngraph coverage --from sub-class=county-seat --minutes 45 --scenario 2035
        """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("Sources: ids, names, `interchanges` or a selection.", valueName: "selection"))
    var from: [String]
    @Option(help: "Time limit in minutes.")
    var minutes: Double = 30
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around reached roads, metres.")
    var bufferMetres: Double = 500
    @Option(help: "Output format: table or json.")
    var format: Info.Format = .text

    func validate() throws {
        guard minutes > 0, minutes.isFinite else { throw ValidationError("--minutes must be positive") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let sources = try PlaceArgument.parse(from).places(in: d, network: network, scenario: networkChoice.scenario)
        let graph = try TravelGraph.build(network: network, scenario: networkChoice.scenario,
                                          places: d.places + sources.filter { $0.kind == .interchange }, metricCRS: d.metricCRS)
        let r = try graph.coverage(from: sources, minutes: minutes, counties: d.counties, settlements: d.settlements, bufferMetres: bufferMetres)
        switch format {
        case .text:
            var text = "Within \(JSONValue.format(minutes)) min of \(sources.count) source\(sources.count == 1 ? "" : "s") on \(graph.description)\n"
            text += TextTable(header: ["county", "area km²", "covered km²", "area share", "settlements", "covered", "share"], rows: r.rows.map { row in
                [row.county?.nameZh ?? "total", String(format: "%.0f", row.areaKm2), String(format: "%.0f", row.coveredKm2),
                 String(format: "%.1f%%", row.areaShare * 100), String(row.settlements), String(row.settlementsCovered),
                 String(format: "%.1f%%", row.settlementShare * 100)]
            }, rightAligned: [1, 2, 3, 4, 5, 6]).render()
            print(text, terminator: "")
        case .json:
            let rows: [JSONValue] = r.rows.map { row in .object([
                ("county", row.county.map { .string($0.id) } ?? .string("total")),
                ("area_km2", .number((row.areaKm2 * 1000).rounded() / 1000)), ("covered_km2", .number((row.coveredKm2 * 1000).rounded() / 1000)),
                ("area_share", .number((row.areaShare * 1e6).rounded() / 1e6)),
                ("settlements", .number(Double(row.settlements))), ("settlements_covered", .number(Double(row.settlementsCovered))),
            ]) }
            print(JSONValue.object([("minutes", .number(minutes)), ("rows", .array(rows))]).serialized(pretty: true))
        }
    }
}

/// The union of polygons (a city boundary from its counties).
enum Boundary {
    static func union(_ parts: [Geometry]) throws -> Geometry {
        let ctx = try GEOSContext()
        var polys: [[[Coordinate]]] = []
        for p in parts {
            switch p {
            case let .polygon(r): polys.append(r)
            case let .multiPolygon(ps): polys += ps
            default: break
            }
        }
        return try GEOSGeometry(.multiPolygon(polys), in: ctx).unaryUnion().value()
    }
}
