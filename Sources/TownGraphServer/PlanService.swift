import Foundation
import GeoKit
import JSONKit
import TownGraphAnalysis
import TownGraphInput
import TownGraphModel
import TownGraphOutput
import TownGraphRouting

/// What `towngraph serve` answers, independent of the HTTP server: each endpoint makes the
/// same library call and the same rendering as the CLI command that asks the same question
/// (docs/api.md lists the pairs), so the answers are identical. Datasets are loaded when the
/// service starts; networks when first asked for; road graphs once per network and scenario
/// (``RoadGraphs``), shared by every request. Only datasets and networks by name are ever
/// opened: no path comes from a request.
public final class PlanService: @unchecked Sendable {
    /// An answer: status, media type and body.
    public struct Response: Sendable {
        public let status: Int
        public let contentType: String
        public let body: String

        static func json(_ body: String, status: Int = 200) -> Response {
            Response(status: status, contentType: "application/json; charset=utf-8", body: body)
        }
        static func geoJSON(_ body: String) -> Response {
            Response(status: 200, contentType: "application/geo+json; charset=utf-8", body: body)
        }
        static func error(_ e: APIError) -> Response {
            var fields: [(String, JSONValue)] = [("error", .string(e.message))]
            if let p = e.parameter { fields.append(("parameter", .string(p))) }
            return json(JSONValue.object(fields).serialized(), status: e.status)
        }
    }

    /// One dataset as served: the dataset, its networks as loaded, its shared graphs and the
    /// answers already given to the heavier questions (check, compare), which never change.
    final class Served: @unchecked Sendable {
        let dataset: Dataset
        let graphs: RoadGraphs
        private let lock = NSLock()
        private var networks: [String: RoadNetwork] = [:]
        private var answers: [String: Response] = [:]

        init(_ dataset: Dataset) {
            self.dataset = dataset
            graphs = RoadGraphs(dataset, orderStore: HierarchyOrderFiles.beside(datasetDirectory: dataset.directory))
        }

        /// A network the dataset declares, by name (nil: the default).
        func network(_ name: String?) throws -> RoadNetwork {
            guard let spec = name.map({ dataset.network(named: $0) }) ?? dataset.network else {
                if dataset.networks.isEmpty {
                    throw APIError(parameter: name == nil ? nil : "network", "dataset \(dataset.name) has no network")
                }
                throw APIError(
                    parameter: "network",
                    "dataset \(dataset.name) has no network named \(name!) (its networks: \(dataset.networks.map(\.id).joined(separator: ", ")))"
                )
            }
            if let n = lock.withLock({ networks[spec.id] }) { return n }
            let n = try NetworkSource.open(for: dataset, file: spec.id)
            lock.withLock { networks[spec.id] = n }
            return n
        }

        /// The answer to `key`, computed once.
        func remembered(_ key: String, _ make: () throws -> Response) throws -> Response {
            if let r = lock.withLock({ answers[key] }) { return r }
            let r = try make()
            lock.withLock { answers[key] = r }
            return r
        }
    }

    /// The datasets served, in order (the first is the page's default).
    let served: [(name: String, dataset: Served)]

    public init(datasets: [Dataset]) {
        served = datasets.map { ($0.name, Served($0)) }
    }

    /// The dataset `data` names (a bundled name, a folder or a postgresql:// URL), or every
    /// bundled dataset when nil, loaded now, so that a bad dataset stops the server before it
    /// starts.
    public static func load(data: String?) throws -> PlanService {
        if let data {
            let d =
                DatasetStore.isDatabase(data)
                ? try DatasetStore.load(url: data) : try DatasetLoader.load(directory: DatasetCatalog.resolve(data))
            return PlanService(datasets: [d])
        }
        var all = try DatasetCatalog.bundled().map { try DatasetLoader.load(directory: $0.directory) }
        // Dongying, the demo's dataset, first.
        all.sort { ($0.name != "dongying" ? 1 : 0, $0.name) < ($1.name != "dongying" ? 1 : 0, $1.name) }
        return PlanService(datasets: all)
    }

    public var datasetNames: [String] { served.map(\.name) }

    /// How many road graphs a dataset has built so far.
    public func graphCount(dataset name: String) -> Int {
        served.first { $0.name == name }?.dataset.graphs.count ?? 0
    }

    /// The answer to a request; never throws: a bad request is a 400 naming the parameter, an
    /// unknown path a 404, a question the data cannot answer (no route) a 422.
    public func respond(_ request: APIRequest) -> Response {
        do {
            if request.query.count > APILimits.maxValues * 4 {
                throw APIError("too many parameters")
            }
            return try route(request)
        } catch let e as APIError {
            return .error(e)
        } catch let e as SelectionError {
            return .error(APIError(String(describing: e)))
        } catch let e as AnalysisError {
            return .error(APIError(status: 422, String(describing: e)))
        } catch {
            return .error(APIError(status: 500, String(describing: error)))
        }
    }

    func route(_ r: APIRequest) throws -> Response {
        switch r.path.count {
        case 0:
            return try datasetList(r)
        case 1 where r.path[0] == "datasets":
            return try datasetList(r)
        case 2 where r.path[0] == "datasets":
            try r.allow([])
            return .json(try summary(try dataset(r.path[1])))
        case 3 where r.path[0] == "datasets":
            return try resource(r.path[2], of: try dataset(r.path[1]), r)
        case 4 where r.path[0] == "datasets" && r.path[2] == "check" && r.path[3] == "routes":
            return try check(try dataset(r.path[1]), r, routes: true)
        default:
            throw APIError(status: 404, "no such endpoint: /api/\(r.path.joined(separator: "/")) (see docs/api.md)")
        }
    }

    func dataset(_ name: String) throws -> Served {
        guard let s = served.first(where: { $0.name == name }) else {
            throw APIError(
                status: 404, "no dataset named \(name) (served: \(served.map(\.name).joined(separator: ", ")))")
        }
        return s.dataset
    }

    func datasetList(_ r: APIRequest) throws -> Response {
        try r.allow([])
        let list: [JSONValue] = served.map { s in
            .object([
                ("name", .string(s.name)), ("title", .string(s.dataset.dataset.title)),
                ("plan", .string(s.dataset.dataset.plan.title)),
            ])
        }
        return .json(JSONValue.object([("datasets", .array(list))]).serialized(pretty: true) + "\n")
    }

    func resource(_ name: String, of s: Served, _ r: APIRequest) throws -> Response {
        switch name {
        case "settlements": return try settlements(s, r)
        case "counties":
            try r.allow([])
            return .geoJSON(GeoJSONWriter().text(GeoJSONExport().features(.counties, of: s.dataset)))
        case "layout":
            try r.allow([])
            guard s.dataset.layout != nil else { return .geoJSON(GeoJSONWriter().text([])) }
            return .geoJSON(GeoJSONWriter().text(try Queries.layout(dataset: s.dataset, axisDistanceKm: 5).features()))
        case "network":
            try r.allow(["network"])
            let n = try s.network(r.value("network"))
            return try s.remembered("network \(n.name)") { .geoJSON(NetworkGeoJSON.text(n)) }
        case "check": return try check(s, r, routes: false)
        case "compare": return try compare(s, r)
        case "reach": return try reach(s, r)
        case "route": return try routeBetween(s, r)
        case "matrix": return try matrix(s, r)
        case "isochrones": return try isochrones(s, r)
        default:
            throw APIError(status: 404, "no such endpoint: \(name) (see docs/api.md)")
        }
    }

    // MARK: - The dataset

    /// What the page needs to draw its controls: levels, function types, counties, networks
    /// with their scenarios, targets, and the extent.
    func summary(_ s: Served) throws -> String {
        let d = s.dataset
        let counts = Dictionary(grouping: d.settlements, by: { $0.level.id }).mapValues(\.count)
        let levels: [JSONValue] = d.levels.map { l in
            .object([
                ("id", .string(l.id)), ("rank", .number(Double(l.rank))), ("name_zh", .string(l.nameZh)),
                ("name_en", .string(l.nameEn)), ("count", .number(Double(counts[l.id] ?? 0))),
            ])
        }
        let types: [JSONValue] = d.functionTypes.map { t in
            .object([("id", .string(t.id)), ("name_zh", .string(t.nameZh)), ("name_en", .string(t.nameEn))])
        }
        let counties: [JSONValue] = d.counties.map { c in
            .object([("id", .string(c.id)), ("name_zh", .string(c.nameZh))])
        }
        var networks: [JSONValue] = []
        for (i, spec) in d.networks.enumerated() where spec.shipsNetwork {
            let n = try s.network(spec.id)
            networks.append(
                .object([
                    ("name", .string(spec.id)), ("description", .string(n.description)),
                    ("credit", n.credit.map { .string($0) } ?? .null), ("default", .bool(i == 0)),
                    ("scenarios", .array(n.plannedYears.map { .number(Double($0)) })),
                    (
                        "classes",
                        .array(
                            n.classes.map {
                                .object([
                                    ("id", .string($0.id)), ("name_zh", .string($0.nameZh)),
                                    ("name_en", .string($0.nameEn)),
                                    ("controlled_access", .bool($0.controlledAccess)),
                                ])
                            })
                    ),
                ]))
        }
        let targets: [JSONValue] = d.targets.map { t in
            .object([
                ("id", .string(t.id)), ("minutes", .number(t.minutes)), ("relation", .string(t.relation.rawValue)),
                ("status", .string(t.status.rawValue)), ("plan_sentence", .string(t.planSentence)),
            ])
        }
        let points = d.settlements.compactMap(\.location)
        var bbox: JSONValue = .null
        if !points.isEmpty {
            bbox = .array(
                [
                    points.map(\.lon).min()!, points.map(\.lat).min()!, points.map(\.lon).max()!,
                    points.map(\.lat).max()!,
                ].map { .number($0) })
        }
        return JSONValue.object([
            ("name", .string(d.name)), ("title", .string(d.title)), ("plan", .string(d.plan.title)),
            ("levels", .array(levels)), ("function_types", .array(types)), ("counties", .array(counties)),
            ("networks", .array(networks)), ("targets", .array(targets)), ("bbox", bbox),
            ("settlements", .number(Double(d.settlements.count))),
            ("located", .number(Double(points.count))),
        ]).serialized(pretty: true) + "\n"
    }

    /// `towns --format geojson` with the same filters: level, function, sub-class, county, id,
    /// name (repeatable), near with within_km, and bbox (west,south,east,north) for --inside.
    func settlements(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["level", "function", "sub-class", "county", "id", "name", "near", "within_km", "bbox"])
        var sel = Selection()
        for (param, make) in [
            ("level", Selection.Criterion.level), ("function", Selection.Criterion.functionType),
            ("sub-class", Selection.Criterion.subClass), ("county", Selection.Criterion.county),
            ("id", Selection.Criterion.id), ("name", Selection.Criterion.name),
        ] as [(String, ([String]) -> Selection.Criterion)] {
            let v = try r.list(param)
            if !v.isEmpty {
                let c = make(Selection.terms(v))
                // Each filter alone first, so that an unknown term names its parameter.
                do { _ = try Selection([c]).apply(to: s.dataset) } catch let e as SelectionError {
                    throw APIError(parameter: param, String(describing: e))
                }
                sel = sel.and(c)
            }
        }
        let near = try r.value("near")
        let km = try r.number("within_km", in: 0...1000)
        if (near == nil) != (km == nil) {
            throw APIError(parameter: near == nil ? "near" : "within_km", "near and within_km go together")
        }
        if let near, let km {
            let c = Selection.Criterion.near(settlement: near, metres: km * 1000)
            do { _ = try Selection([c]).apply(to: s.dataset) } catch let e as SelectionError {
                throw APIError(parameter: "near", String(describing: e))
            }
            sel = sel.and(c)
        }
        if let box = try r.value("bbox") {
            let v = box.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard v.count == 4, v.allSatisfy(\.isFinite), v[0] < v[2], v[1] < v[3], (-180...180).contains(v[0]),
                (-180...180).contains(v[2]), (-90...90).contains(v[1]), (-90...90).contains(v[3])
            else {
                throw APIError(
                    parameter: "bbox", "bbox is west,south,east,north in degrees, west < east, south < north")
            }
            let ring = [
                Coordinate(lon: v[0], lat: v[1]), Coordinate(lon: v[2], lat: v[1]), Coordinate(lon: v[2], lat: v[3]),
                Coordinate(lon: v[0], lat: v[3]), Coordinate(lon: v[0], lat: v[1]),
            ]
            sel = sel.and(.inside(.polygon([ring])))
        }
        let found = try sel.apply(to: s.dataset)
        return .geoJSON(SettlementListing.render(found, of: s.dataset, format: .geojson, decimals: 6))
    }

    // MARK: - Questions on the network

    /// Places named by a parameter in the selection language, at most `limit` of them.
    func places(
        _ r: APIRequest, _ name: String, _ s: Served, _ n: RoadNetwork, _ scenario: Int?, limit: Int
    )
        throws -> PlaceSelection
    {
        let v = r.values(name)
        guard !v.isEmpty else { throw APIError(parameter: name, "\(name) is required") }
        guard v.count <= APILimits.maxValues, !v.contains(where: \.isEmpty) else {
            throw APIError(parameter: name, "\(name): at most \(APILimits.maxValues) non-empty values")
        }
        do {
            let sel = try PlaceSelection(parsing: v)
            let found = try sel.places(in: s.dataset, network: n, scenario: scenario)
            guard !found.isEmpty else { throw APIError(parameter: name, "\(name) selects no place") }
            guard found.count <= limit else {
                throw APIError(parameter: name, "\(name) selects \(found.count) places; at most \(limit) per request")
            }
            return sel
        } catch let e as SelectionError {
            throw APIError(parameter: name, String(describing: e))
        }
    }

    /// One settlement or interchange by id or name, as `route` and `reach` take it.
    func place(_ r: APIRequest, _ name: String, _ s: Served, _ n: RoadNetwork, interchanges: Bool) throws -> String {
        let term = try r.required(name)
        if interchanges && n.interchanges.contains(where: { $0.id == term || $0.name == term }) { return term }
        do { _ = try Selection.settlementId(named: term, in: s.dataset) } catch let e as SelectionError {
            throw APIError(parameter: name, String(describing: e))
        }
        return term
    }

    /// `check --format json --details` (or `--format geojson` for the routes of failing pairs),
    /// with `target`, `network`, `scenario`.
    func check(_ s: Served, _ r: APIRequest, routes: Bool) throws -> Response {
        try r.allow(["target", "network", "scenario"])
        let n = try s.network(r.value("network"))
        let scenario = try r.scenario()
        let terms = try r.list("target")
        let targets: [TravelTimeTarget]?
        do { targets = try AccessibilityCheck.targets(Selection.terms(terms), in: s.dataset) } catch {
            throw APIError(parameter: "target", String(describing: error))
        }
        let key = "check \(routes) \(n.name) \(scenario ?? 0) \(targets?.map(\.id).joined(separator: ",") ?? "all")"
        return try s.remembered(key) {
            let report = try AccessibilityCheck.run(
                dataset: s.dataset, network: n, scenario: scenario, targets: targets, withRoutes: routes,
                speedRanges: !routes, graphs: s.graphs
            ).report
            return routes
                ? .geoJSON(report.render(.geojson, details: true)) : .json(report.render(.json, details: true))
        }
    }

    /// `check --compare A,B --format json`: `scenarios=base,2035`, `network`, `target`.
    func compare(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["scenarios", "network", "target"])
        let n = try s.network(r.value("network"))
        let parts = try r.required("scenarios").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var years: [Int?] = []
        for p in parts {
            if p == "base" {
                years.append(nil)
            } else if let y = Int(p), (1900...2200).contains(y) {
                years.append(y)
            } else {
                throw APIError(parameter: "scenarios", "scenarios is two of base or a year (base,2035), not \(p)")
            }
        }
        guard years.count == 2 else { throw APIError(parameter: "scenarios", "scenarios names two: base,2035") }
        let targets: [TravelTimeTarget]?
        let terms = try r.list("target")
        do { targets = try AccessibilityCheck.targets(Selection.terms(terms), in: s.dataset) } catch {
            throw APIError(parameter: "target", String(describing: error))
        }
        let key =
            "compare \(n.name) \(parts.joined(separator: ",")) \(targets?.map(\.id).joined(separator: ",") ?? "all")"
        return try s.remembered(key) {
            let c = try AccessibilityCheck.compare(
                dataset: s.dataset, network: n, scenarios: (years[0], years[1]), targets: targets, graphs: s.graphs)
            return .json(c.renderJSON())
        }
    }

    /// `reach --from P --minutes … --format json`.
    func reach(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["from", "minutes", "network", "scenario"])
        let n = try s.network(r.value("network"))
        let scenario = try r.scenario()
        let from = try place(r, "from", s, n, interchanges: false)
        let result = try Queries.reach(
            dataset: s.dataset, network: n, scenario: scenario, from: from, minutes: r.minutes(default: [30, 45, 90]),
            graphs: s.graphs)
        return .json(result.render(.json, all: false))
    }

    /// `route A B --format geojson`: `from`, `to`.
    func routeBetween(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["from", "to", "network", "scenario"])
        let n = try s.network(r.value("network"))
        let scenario = try r.scenario()
        let a = try place(r, "from", s, n, interchanges: true)
        let b = try place(r, "to", s, n, interchanges: true)
        let result = try Queries.route(
            dataset: s.dataset, network: n, scenario: scenario, from: a, to: b, graphs: s.graphs)
        return .geoJSON(result.render(.geojson))
    }

    /// `matrix --from … --to … --format json`.
    func matrix(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["from", "to", "network", "scenario"])
        let n = try s.network(r.value("network"))
        let scenario = try r.scenario()
        let from = try places(r, "from", s, n, scenario, limit: APILimits.maxOrigins)
        let to = r.values("to").isEmpty ? nil : try places(r, "to", s, n, scenario, limit: APILimits.maxDestinations)
        let m = try Queries.matrix(
            dataset: s.dataset, network: n, scenario: scenario, from: from, to: to, graphs: s.graphs)
        return .json(m.render(.json))
    }

    /// `isochrones --from … --minutes …` (GeoJSON, default band and sliver settings).
    func isochrones(_ s: Served, _ r: APIRequest) throws -> Response {
        try r.allow(["from", "minutes", "network", "scenario"])
        let n = try s.network(r.value("network"))
        let scenario = try r.scenario()
        let from = try places(r, "from", s, n, scenario, limit: APILimits.maxIsochroneOrigins)
        let set = try Queries.isochrones(
            dataset: s.dataset, network: n, scenario: scenario, from: from,
            minutes: r.minutes(default: [30, 45, 90]), graphs: s.graphs)
        return .geoJSON(GeoJSONWriter(decimals: 6).text(try set.features(decimals: 6)))
    }
}

extension APILimits {
    /// Origins of one isochrone request (each is a union of buffered roads).
    public static let maxIsochroneOrigins = 10
}
