import Foundation
import GeoKit
import JSONKit
import PGKit
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel
import TownGraphRouting

/// `towngraph db push`: a dataset into a PostGIS schema that QGIS opens and pgRouting routes.
/// The schema's content is replaced in one transaction: a failure leaves the old content
/// whole. Tables (docs/postgis.md): `towngraph_meta`, `levels`, `function_types`, `targets`,
/// `settlements` (planning units and constituents), `counties`, and per network
/// `links_<network>` (one row per road segment of the routable graph with every planned link
/// included: class, speed, status, year, and pgRouting's `source`, `target`, `cost`,
/// `reverse_cost` in seconds, -1 where one-way; `source` and `target` are TownGraph's graph
/// node numbers plus one, as pgRouting wants positive ids), `entry_points_<network>` and
/// `settlement_nodes_<network>` (the graph node each located settlement and constituent unit
/// is attached to by its access leg, so that pgRouting between two of them gives TownGraph's
/// time between them).
public enum DatabasePush {
    public struct Summary: Sendable {
        public let schema: String
        public let rows: [(table: String, count: Int)]
    }

    /// A table name for a network: its name with every other character than a-z, 0-9 as `_`.
    public static func tableSuffix(_ network: String) -> String {
        String(network.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The graph a network is pushed as: the latest scenario (every planned link open), with
    /// the located settlements and constituent units attached by their access legs. Node
    /// numbers in the pushed tables are this graph's plus one.
    public static func routingGraph(dataset: Dataset, network: RoadNetwork) throws -> TravelGraph {
        let places =
            dataset.settlements.map { Place(id: $0.id, name: $0.nameZh, kind: .settlement, location: $0.location) }
            + dataset.constituents.map { Place(id: $0.id, name: $0.nameZh, kind: .constituent, location: $0.location) }
        return try TravelGraph.build(
            network: network, scenario: network.plannedYears.last, places: places, metricCRS: dataset.metricCRS)
    }

    public static func push(
        dataset: Dataset, networks: [RoadNetwork], url: String, schema: String
    ) throws -> Summary {
        let db = try PGConnection(url: url)
        try db.execute("SET client_min_messages = warning")
        let extensions = Set(try db.execute("SELECT extname FROM pg_extension").compactMap { $0[0] })
        guard extensions.contains("postgis") else {
            throw PGError(
                "PostGIS is not installed in this database; as its owner run: CREATE EXTENSION postgis; (and CREATE EXTENSION pgrouting; to route there)"
            )
        }
        let s = PGConnection.identifier(schema)
        let existing = try db.execute(
            "SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = $1), "
                + "(SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'towngraph_meta')",
            [schema])
        if let row = existing.first, row[0] != "0", row[1] == "0" {
            throw PGError(
                "schema \(schema) holds tables but is not TownGraph's (it has no towngraph_meta table); choose another --schema"
            )
        }
        var counts: [(String, Int)] = []
        func table(_ name: String) -> String { "\(s).\(PGConnection.identifier(name))" }
        // The folder's files, self-contained, for `--data postgresql://…?schema=…`.
        let files = try DatasetStore.files(directory: dataset.directory) { spec in
            NetworkGeoJSON.text(try NetworkSource.open(for: dataset, file: spec.id))
        }
        try db.transaction {
            try db.execute("DROP SCHEMA IF EXISTS \(s) CASCADE; CREATE SCHEMA \(s)")
            try db.execute("CREATE TABLE \(table("files")) (name text PRIMARY KEY, content text NOT NULL)")
            try db.copy(into: table("files"), columns: ["name", "content"], rows: files.map { [$0.name, $0.text] })
            try db.execute("CREATE TABLE \(table("towngraph_meta")) (key text PRIMARY KEY, value text)")
            let meta: [[String?]] = [
                ["dataset", dataset.name], ["title", dataset.title], ["plan", dataset.plan.title],
                ["metric_crs", dataset.metricCRS], ["default_network", dataset.network?.id],
                ["networks", networks.map(\.name).joined(separator: ",")],
            ]
            try db.copy(into: table("towngraph_meta"), columns: ["key", "value"], rows: meta)

            try db.execute(
                "CREATE TABLE \(table("levels")) (id text PRIMARY KEY, rank int, name_zh text, name_en text, stated_count int, plan_sentence text)"
            )
            try db.copy(
                into: table("levels"), columns: ["id", "rank", "name_zh", "name_en", "stated_count", "plan_sentence"],
                rows: dataset.levels.map {
                    [$0.id, String($0.rank), $0.nameZh, $0.nameEn, $0.statedCount.map(String.init), $0.planSentence]
                })
            try db.execute(
                "CREATE TABLE \(table("function_types")) (id text PRIMARY KEY, name_zh text, name_en text, stated_count int, plan_sentence text)"
            )
            try db.copy(
                into: table("function_types"), columns: ["id", "name_zh", "name_en", "stated_count", "plan_sentence"],
                rows: dataset.functionTypes.map {
                    [$0.id, $0.nameZh, $0.nameEn, $0.statedCount.map(String.init), $0.planSentence]
                })
            try db.execute(
                "CREATE TABLE \(table("targets")) (id text PRIMARY KEY, plan_sentence text, relation text, minutes double precision, status text, note text)"
            )
            try db.copy(
                into: table("targets"), columns: ["id", "plan_sentence", "relation", "minutes", "status", "note"],
                rows: dataset.targets.map {
                    [
                        $0.id, $0.planSentence, $0.relation.rawValue, JSONValue.format($0.minutes), $0.status.rawValue,
                        $0.note,
                    ]
                })
            counts += [("levels", dataset.levels.count), ("targets", dataset.targets.count)]

            try db.execute(
                """
                CREATE TABLE \(table("settlements")) (id text PRIMARY KEY, role text, name_zh text, level text,
                  sub_class text, function_type text, county text, part_of text, geom geometry(Point, 4326))
                """)
            var rows: [[String?]] = dataset.settlements.map { t in
                [
                    t.id, "planning-unit", t.nameZh, t.level.id, t.subClass?.id, t.functionType?.id, t.county, nil,
                    ResultTable.ewkt(t.location.map { .point($0) }),
                ]
            }
            rows += dataset.constituents.map { c in
                [
                    c.id, "constituent", c.nameZh, nil, nil, nil, c.county, c.partOf,
                    ResultTable.ewkt(c.location.map { .point($0) }),
                ]
            }
            try db.copy(
                into: table("settlements"),
                columns: [
                    "id", "role", "name_zh", "level", "sub_class", "function_type", "county", "part_of", "geom",
                ], rows: rows)
            counts.append(("settlements", rows.count))
            try db.execute(
                "CREATE TABLE \(table("counties")) (id text PRIMARY KEY, name_zh text, geom geometry(MultiPolygon, 4326))"
            )
            try db.copy(
                into: table("counties"), columns: ["id", "name_zh", "geom"],
                rows: dataset.counties.map { [$0.id, $0.nameZh, ResultTable.ewkt($0.boundary)] })
            counts.append(("counties", dataset.counties.count))

            for network in networks {
                let suffix = tableSuffix(network.name)
                let links = "links_\(suffix)"
                let entries = "entry_points_\(suffix)"
                let attached = "settlement_nodes_\(suffix)"
                let graph = try routingGraph(dataset: dataset, network: network)
                let byId = Dictionary(network.links.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                try db.execute(
                    """
                    CREATE TABLE \(table(links)) (id bigint PRIMARY KEY, link_id text, class text, ref text, name text,
                      status text, year int, speed_kmh double precision, length_m double precision,
                      source bigint, target bigint, cost double precision, reverse_cost double precision,
                      geom geometry(LineString, 4326))
                    """)
                let seg = graph.segments
                var linkRows: [[String?]] = []
                for i in seg.indices {
                    let kind = seg.kind[i]
                    let link: RoadLink? = seg.link[i] >= 0 ? byId[graph.linkIds[Int(seg.link[i])]] : nil
                    var year: String?
                    if case .planned(let y) = link?.status { year = String(y) }
                    let className =
                        kind == RoadSegments.rampKind
                        ? "ramp" : kind == RoadSegments.accessKind ? "access" : link?.roadClass.id
                    let line = seg.wgsLine(i).map { "\(JSONValue.format($0.lon)) \(JSONValue.format($0.lat))" }
                    linkRows.append([
                        String(i + 1), link?.id, className, link?.ref, link?.name,
                        link.map { $0.status == .existing ? "existing" : "planned" }, year,
                        JSONValue.format(seg.speedKmh[i]), JSONValue.format(seg.length[i]),
                        String(seg.from[i] + 1), String(seg.to[i] + 1), String(seg.time[i]),
                        seg.oneway[i] ? "-1" : String(seg.time[i]),
                        "SRID=4326;LINESTRING(\(line.joined(separator: ",")))",
                    ])
                }
                try db.copy(
                    into: table(links),
                    columns: [
                        "id", "link_id", "class", "ref", "name", "status", "year", "speed_kmh", "length_m", "source",
                        "target", "cost", "reverse_cost", "geom",
                    ], rows: linkRows)
                try db.execute(
                    "CREATE TABLE \(table(entries)) (id text PRIMARY KEY, name text, refs text, status text, year int, geom geometry(Point, 4326))"
                )
                try db.copy(
                    into: table(entries), columns: ["id", "name", "refs", "status", "year", "geom"],
                    rows: network.interchanges.map { ic in
                        var year: String?
                        if case .planned(let y) = ic.status { year = String(y) }
                        return [
                            ic.id, ic.name, ic.refs.joined(separator: ";"),
                            ic.status == .existing ? "existing" : "planned", year,
                            ResultTable.ewkt(.point(ic.location)),
                        ]
                    })
                try db.execute(
                    "CREATE INDEX ON \(table(links)) USING gist (geom); CREATE INDEX ON \(table(links)) (source); CREATE INDEX ON \(table(links)) (target)"
                )
                try db.execute(
                    "CREATE TABLE \(table(attached)) (settlement_id text PRIMARY KEY, node bigint NOT NULL)")
                let nodeRows: [[String?]] = graph.placeNodes.sorted { $0.key < $1.key }.map {
                    [$0.key, String($0.value + 1)]
                }
                try db.copy(into: table(attached), columns: ["settlement_id", "node"], rows: nodeRows)
                counts += [
                    (links, linkRows.count), (entries, network.interchanges.count), (attached, nodeRows.count),
                ]
            }
            try db.execute(
                "CREATE INDEX ON \(table("settlements")) USING gist (geom); CREATE INDEX ON \(table("counties")) USING gist (geom)"
            )
        }
        return Summary(schema: schema, rows: counts)
    }
}

/// Results written to a database table (`check`, `matrix --long`, `isochrones` with
/// `--db URL --table NAME`), so that a team sees them in QGIS. The table is replaced in one
/// transaction; `NAME` may carry a schema (`results.check_2035`).
public struct ResultTable: Sendable {
    public let columns: [(name: String, type: String)]
    public let rows: [[String?]]
    /// The geometry column's type (`LineString`, `MultiPolygon`…), when the rows end with an
    /// EWKT geometry.
    public let geometry: String?

    public init(columns: [(name: String, type: String)], rows: [[String?]], geometry: String?) {
        self.columns = columns
        self.rows = rows
        self.geometry = geometry
    }

    /// Writes the table; returns the number of rows.
    @discardableResult
    public func write(url: String, table name: String) throws -> Int {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let qualified = parts.map(PGConnection.identifier).joined(separator: ".")
        let db = try PGConnection(url: url)
        try db.execute("SET client_min_messages = warning")
        if geometry != nil {
            let postgis = try db.execute("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'")
            guard postgis.first?[0] == "1" else {
                throw PGError("PostGIS is not installed in this database; as its owner run: CREATE EXTENSION postgis;")
            }
        }
        var definition = columns.map { "\(PGConnection.identifier($0.name)) \($0.type)" }
        if let geometry { definition.append("geom geometry(\(geometry), 4326)") }
        try db.transaction {
            if parts.count == 2 { try db.execute("CREATE SCHEMA IF NOT EXISTS \(PGConnection.identifier(parts[0]))") }
            try db.execute("DROP TABLE IF EXISTS \(qualified)")
            try db.execute("CREATE TABLE \(qualified) (\(definition.joined(separator: ", ")))")
            try db.copy(
                into: qualified, columns: columns.map(\.name) + (geometry == nil ? [] : ["geom"]), rows: rows)
            if geometry != nil { try db.execute("CREATE INDEX ON \(qualified) USING gist (geom)") }
        }
        return rows.count
    }

    /// EWKT of a geometry in WGS84.
    public static func ewkt(_ g: Geometry?) -> String? {
        guard let g else { return nil }
        func pos(_ c: Coordinate) -> String { "\(JSONValue.format(c.lon)) \(JSONValue.format(c.lat))" }
        func ring(_ r: [Coordinate]) -> String { "(" + r.map(pos).joined(separator: ",") + ")" }
        switch g {
        case .point(let c): return "SRID=4326;POINT(\(pos(c)))"
        case .lineString(let cs): return "SRID=4326;LINESTRING(\(cs.map(pos).joined(separator: ",")))"
        case .polygon(let rings): return "SRID=4326;MULTIPOLYGON((" + rings.map(ring).joined(separator: ",") + "))"
        case .multiPolygon(let polys):
            return "SRID=4326;MULTIPOLYGON("
                + polys.map { "(" + $0.map(ring).joined(separator: ",") + ")" }.joined(separator: ",") + ")"
        default: return nil
        }
    }
}

extension CheckReport {
    /// Every checked pair as a result table, with the route of each failing pair.
    public func resultTable() -> ResultTable {
        var rows: [[String?]] = []
        for r in results {
            for p in r.pairs {
                let legs = [accessLegs[p.origin.id], p.destination.flatMap { accessLegs[$0.id] }]
                func n(_ v: Double?, _ places: Int = 3) -> String? {
                    guard let v, v.isFinite else { return nil }
                    return String(format: "%.\(places)f", v)
                }
                rows.append([
                    r.target.id, JSONValue.format(r.target.minutes), r.target.status.rawValue, p.origin.id,
                    p.origin.name, p.destination?.id, p.destination?.name, n(p.seconds.map { $0 / 60 }),
                    n(p.metres.map { $0 / 1000 }), n(legs[0].map { $0.seconds / 60 }),
                    n(legs[1].map { $0.seconds / 60 }),
                    n(p.marginMinutes), n(p.breakEvenKmh(limitMinutes: r.target.minutes), 1), p.outcome.rawValue,
                    routes[p.key(in: r.target)].map { ResultTable.ewkt(.lineString($0)) } ?? nil,
                ])
            }
        }
        let text = "text"
        let real = "double precision"
        return ResultTable(
            columns: [
                ("target", text), ("limit_minutes", real), ("status", text), ("origin_id", text), ("origin_name", text),
                ("destination_id", text), ("destination_name", text), ("minutes", real), ("route_km", real),
                ("origin_access_minutes", real), ("destination_access_minutes", real), ("margin_minutes", real),
                ("break_even_kmh", real), ("outcome", text),
            ], rows: rows, geometry: "LineString")
    }
}

extension PlaceMatrix {
    /// One row per pair as a result table.
    public func resultTable() -> ResultTable {
        var rows: [[String?]] = []
        for (i, o) in origins.enumerated() {
            for (j, d) in destinations.enumerated() {
                let s = seconds[i][j]
                let minutes = s.flatMap { $0.isFinite ? String(format: "%.3f", $0 / 60) : nil }
                let km = metres?[i][j].flatMap { $0.isFinite ? String(format: "%.3f", $0 / 1000) : nil }
                rows.append([
                    o.id, o.name, d.id, d.name, minutes, km,
                    s == nil ? "not on the network" : (s!.isFinite ? "reached" : "unreachable"),
                ])
            }
        }
        return ResultTable(
            columns: [
                ("origin_id", "text"), ("origin_name", "text"), ("destination_id", "text"),
                ("destination_name", "text"),
                ("minutes", "double precision"), ("route_km", "double precision"), ("status", "text"),
            ], rows: rows, geometry: nil)
    }
}

extension IsochroneSet {
    /// Every isochrone as a result table row with its polygon.
    public func resultTable(decimals: Int) throws -> ResultTable {
        let rows: [[String?]] = try features(decimals: decimals).map { f in
            func value(_ k: String) -> String? {
                guard let v = f.properties.first(where: { $0.0 == k })?.1 else { return nil }
                return v.stringValue ?? v.numberValue.map(JSONValue.format)
            }
            return [
                f.id, value("origin"), value("origin_name"), value("minutes"), value("area_km2"),
                ResultTable.ewkt(f.geometry),
            ]
        }
        return ResultTable(
            columns: [
                ("id", "text"), ("origin", "text"), ("origin_name", "text"), ("minutes", "double precision"),
                ("area_km2", "double precision"),
            ], rows: rows, geometry: "MultiPolygon")
    }
}
