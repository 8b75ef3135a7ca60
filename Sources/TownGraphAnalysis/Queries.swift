import Foundation
import GeoKit
import JSONKit
import TownGraphModel
import TownGraphRouting

/// The questions the command line and other front ends ask, each one call: it selects the
/// places, builds the graph for the scenario with them, and answers. Names of places are
/// resolved as ``Selection`` and ``PlaceSelection`` do; a place the question needs that is
/// not on the network is an error that says why.
public enum Queries {
    /// Why a place is not on a graph, as the graph build reported it.
    static func whyNotAttached(_ id: String, _ graph: TravelGraph) -> String {
        graph.report.notAttached.first { $0.id == id }?.reason ?? "not attached"
    }

    /// The places, or an error when a selection selects none (an empty answer would look like
    /// a result).
    static func nonEmpty(_ places: [Place], _ role: String) throws -> [Place] {
        guard !places.isEmpty else {
            throw AnalysisError.empty("the \(role) selection selects no place (filters given together must all hold)")
        }
        return places
    }

    /// Every place of `places` that must be on the graph, or an error naming the first that
    /// is not.
    static func requireAttached(_ places: [Place], _ graph: TravelGraph) throws {
        for p in places where graph.node(of: p.id) == nil {
            throw AnalysisError.notRoutable("\(p.name) (\(p.id)) is not on the network: \(whyNotAttached(p.id, graph))")
        }
    }
}

/// Which places are reached from one place within each limit: the answer of
/// `towngraph reach`.
public struct ReachResult: Sendable {
    public struct Row: Sendable {
        public let place: Place
        /// Seconds from the origin; infinity when beyond the largest limit or unreachable.
        public let seconds: Double
        /// Why the place is not on the network, when it is not.
        public let notAttached: String?
    }
    public let origin: Place
    /// Limits in minutes, ascending.
    public let limits: [Double]
    /// Every other place, fastest first (ties by id).
    public let rows: [Row]
    public let network: String
    public let scenario: Int?
}

extension Queries {
    /// The places reached from `origin` (an id or a name) within each of `minutes`.
    public static func reach(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, from origin: String, minutes: [Double],
        graphs: RoadGraphs? = nil
    ) throws -> ReachResult {
        let limits = minutes.sorted()
        let originId = try Selection.settlementId(named: origin, in: dataset)
        let places = dataset.places
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        guard let source = graph.node(of: originId) else {
            throw AnalysisError.notRoutable("\(origin) cannot be routed from: \(whyNotAttached(originId, graph))")
        }
        let search = graph.times(fromAny: [source], cutoff: (limits.last ?? 0) * 60)
        var rows: [ReachResult.Row] = places.filter { $0.id != originId }.map { p in
            let node = graph.node(of: p.id)
            return ReachResult.Row(
                place: p, seconds: node.map { search($0) } ?? .infinity,
                notAttached: node == nil ? whyNotAttached(p.id, graph) : nil)
        }
        rows.sort { ($0.seconds, $0.place.id) < ($1.seconds, $1.place.id) }
        let originPlace = places.first { $0.id == originId }!
        return ReachResult(
            origin: originPlace, limits: limits, rows: rows, network: graph.description, scenario: scenario)
    }
}

/// Travel times between two selections of places: the answer of `towngraph matrix`.
public struct PlaceMatrix: Sendable {
    public let origins: [Place]
    public let destinations: [Place]
    /// Seconds, `seconds[origin][destination]`: nil where a place is not on the network,
    /// infinity where the pair cannot be reached (never zero, never a fallback).
    public let seconds: [[Double?]]
    /// Selected places that are not on the network, with the reason.
    public let notAttached: [(place: Place, reason: String)]
    public let scenario: Int?
    /// The lengths of the fastest routes in metres, laid out as ``seconds``, when asked for.
    public var metres: [[Double?]]? = nil
}

extension Queries {
    /// The travel times from every origin to every destination (default: the origins).
    /// With `lengths`, the matrix also holds the length of each fastest route.
    public static func matrix(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, from origins: PlaceSelection,
        to destinations: PlaceSelection?, lengths: Bool = false, graphs: RoadGraphs? = nil
    ) throws -> PlaceMatrix {
        let o = try nonEmpty(origins.places(in: dataset, network: network, scenario: scenario), "origin")
        let d =
            try destinations.map {
                try nonEmpty($0.places(in: dataset, network: network, scenario: scenario), "destination")
            } ?? o
        var seen = Set<String>()
        let all = (o + d).filter { seen.insert($0.id).inserted }
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        let oNodes = o.map { graph.node(of: $0.id) }
        let dNodes = d.map { graph.node(of: $0.id) }
        let from = oNodes.compactMap { $0 }
        let to = dNodes.compactMap { $0 }
        var computedMetres: [[Double]]?
        let computed: [[Double]]
        if lengths {
            let both = graph.travelTimesAndLengths(from: from, to: to)
            computed = both.seconds
            computedMetres = both.metres
        } else {
            computed = graph.travelTimes(from: from, to: to)
        }
        // Rows and columns for every selected place; a place off the network gets nils.
        func laidOut(_ values: [[Double]]) -> [[Double?]] {
            var rows: [[Double?]] = []
            var r = 0
            for node in oNodes {
                guard node != nil else {
                    rows.append(dNodes.map { _ in nil })
                    continue
                }
                var c = 0
                rows.append(
                    dNodes.map { dn in
                        guard dn != nil else { return nil }
                        defer { c += 1 }
                        return values[r][c]
                    })
                r += 1
            }
            return rows
        }
        let missing = all.filter { graph.node(of: $0.id) == nil }.map { ($0, whyNotAttached($0.id, graph)) }
        var result = PlaceMatrix(
            origins: o, destinations: d, seconds: laidOut(computed), notAttached: missing, scenario: scenario)
        result.metres = computedMetres.map(laidOut)
        return result
    }
}

/// The fastest route between two places: the answer of `towngraph route`.
public struct RouteResult: Sendable {
    public let origin: Place
    public let destination: Place
    public let route: Route
    public let network: String
    public let scenario: Int?
}

extension Queries {
    /// Resolves a place for a route: an interchange id or name, else a settlement.
    static func routePlace(_ term: String, _ dataset: Dataset, _ network: RoadNetwork) throws -> Place {
        if let ic = network.interchanges.first(where: { $0.id == term || $0.name == term }) {
            return Place(id: ic.id, name: ic.name, kind: .interchange, location: ic.location)
        }
        let id = try Selection.settlementId(named: term, in: dataset)
        return dataset.places.first { $0.id == id }!
    }

    /// The fastest route from `origin` to `destination` (ids or names; interchange ids too).
    public static func route(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, from origin: String, to destination: String,
        graphs: RoadGraphs? = nil
    ) throws -> RouteResult {
        let a = try routePlace(origin, dataset, network)
        let b = try routePlace(destination, dataset, network)
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        try requireAttached([a, b], graph)
        guard
            let route = graph.route(
                from: graph.node(of: a.id)!, to: graph.node(of: b.id)!, originId: a.id, destinationId: b.id,
                network: network)
        else {
            throw AnalysisError.notRoutable(
                "\(b.name) cannot be reached from \(a.name) on \(graph.description) (they lie in different parts of the network)"
            )
        }
        return RouteResult(origin: a, destination: b, route: route, network: graph.description, scenario: scenario)
    }
}

/// Isochrones from each of several places: the answer of `towngraph isochrones`.
public struct IsochroneSet: Sendable {
    public let origins: [Place]
    /// Per origin (same order), one isochrone per limit, smallest first.
    public let isochrones: [[Isochrone]]
    public let options: IsochroneOptions
    public let network: String
    public let scenario: Int?
}

extension Queries {
    /// Isochrones from every place of `origins`, one set per place, computed in parallel.
    public static func isochrones(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, from origins: PlaceSelection, minutes: [Double],
        options: IsochroneOptions = IsochroneOptions(), graphs: RoadGraphs? = nil
    ) throws -> IsochroneSet {
        let places = try nonEmpty(origins.places(in: dataset, network: network, scenario: scenario), "origin")
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        try requireAttached(places, graph)
        let sets = try Parallel.map(places) { o in
            try graph.isochrones(from: [o.id], minutes: minutes, options: options)
        }
        return IsochroneSet(
            origins: places, isochrones: sets, options: options, network: graph.description, scenario: scenario)
    }
}

/// Network catchments beside Voronoi cells: the answer of `towngraph catchments`.
public struct CatchmentSet: Sendable {
    public let result: CatchmentResult
    /// The ids of the places on the network (the others have no member).
    public let onNetwork: Set<String>
    public let network: String
}

extension Queries {
    /// Assigns every place to its nearest member by travel time, beside the straight-line
    /// assignment. Each selection of `members` adds its places (a union).
    public static func catchments(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, members: [PlaceSelection], bufferMetres: Double = 500,
        graphs: RoadGraphs? = nil
    ) throws -> CatchmentSet {
        var chosen: [Place] = []
        for m in members {
            _ = try nonEmpty(m.places(in: dataset, network: network, scenario: scenario), "member")
            for p in try m.places(in: dataset, network: network, scenario: scenario)
            where !chosen.contains(where: { $0.id == p.id }) {
                chosen.append(p)
            }
        }
        let places = dataset.places
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        let boundary: Geometry? = dataset.counties.isEmpty ? nil : try Polygons.union(dataset.counties.map(\.boundary))
        let result = try graph.catchments(
            members: chosen, places: places, boundary: boundary, bufferMetres: bufferMetres)
        return CatchmentSet(result: result, onNetwork: Set(graph.placeNodes.keys), network: graph.description)
    }

    /// How much of each county lies within `minutes` of the nearest of `sources`.
    public static func coverage(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, from sources: PlaceSelection, minutes: Double,
        bufferMetres: Double = 500, graphs: RoadGraphs? = nil
    ) throws -> (result: CoverageResult, sources: [Place], network: String) {
        let places = try nonEmpty(sources.places(in: dataset, network: network, scenario: scenario), "source")
        let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
        let result = try graph.coverage(
            from: places, minutes: minutes, counties: dataset.counties, settlements: dataset.settlements,
            bufferMetres: bufferMetres)
        return (result, places, graph.description)
    }
}

/// Polygon helpers for analyses.
public enum Polygons {
    /// The union of the polygons among `parts` (a city boundary from its counties).
    public static func union(_ parts: [Geometry]) throws -> Geometry {
        let context = try GEOSContext()
        var polygons: [[[Coordinate]]] = []
        for p in parts {
            switch p {
            case .polygon(let r): polygons.append(r)
            case .multiPolygon(let ps): polygons += ps
            default: break
            }
        }
        return try GEOSGeometry(.multiPolygon(polygons), in: context).unaryUnion().value()
    }
}

/// A layer of analysis results drawn over a map: isochrones, catchments or the routes of
/// failing pairs, in WGS84.
public struct MapOverlay: Sendable {
    public enum Style: Sendable { case isochrone, catchment, failingRoute, linkage }
    public let name: String
    public let style: Style
    public let geometries: [Geometry]
    /// Per geometry, a weight from 0 to 1 (line width for linkage); nil: all the same.
    public let weights: [Double]?

    public init(name: String, style: Style, geometries: [Geometry], weights: [Double]? = nil) {
        self.name = name
        self.style = style
        self.geometries = geometries
        self.weights = weights
    }
}

extension Queries {
    /// The overlays `towngraph render` draws: influence areas of `influence`, the `linkage`
    /// strongest links (lines as wide as their strength), isochrones from each place of
    /// `isochronesFrom` (largest limit first, so smaller ones lie on top), the network
    /// catchments of `catchments` (each selection adds members), and the routes of the pairs
    /// that fail the dataset's targets.
    public static func mapOverlays(
        dataset: Dataset, network: RoadNetwork, scenario: Int?, isochronesFrom: PlaceSelection?, minutes: [Double],
        catchments: [PlaceSelection], failing: Bool, linkage: Int = 0, influence: PlaceSelection? = nil
    ) throws -> [MapOverlay] {
        var overlays: [MapOverlay] = []
        let sizes = try TownSizes(dataset: dataset, economicAttribute: nil)
        if let influence {
            let result = try Queries.influence(
                dataset: dataset, network: network, scenario: scenario, centres: influence,
                towns: PlaceSelection(parsing: ["all"]), sizes: sizes)
            for (c, area) in zip(result.centres, result.areas) {
                if let area {
                    overlays.append(MapOverlay(name: "\(c.name) influence", style: .catchment, geometries: [area]))
                }
            }
        }
        if linkage > 0 {
            let result = try Queries.linkage(
                dataset: dataset, network: network, scenario: scenario, towns: PlaceSelection(parsing: ["all"]),
                separation: .time, sizes: sizes)
            let strongest = result.pairs.prefix(linkage)
            let top = strongest.first?.strength ?? 1
            overlays.append(
                MapOverlay(
                    name: "linkage, \(strongest.count) strongest", style: .linkage,
                    geometries: strongest.map { .lineString([$0.a.location!, $0.b.location!]) },
                    weights: strongest.map { $0.strength / top }))
        }
        let graphs = RoadGraphs(dataset)
        if let isochronesFrom {
            let origins = try isochronesFrom.places(in: dataset, network: network, scenario: scenario)
            let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
            for o in origins {
                let isos = try graph.isochrones(from: [o.id], minutes: minutes.sorted(by: >))
                for iso in isos.reversed() {
                    overlays.append(
                        MapOverlay(
                            name: "\(o.name) \(JSONValue.format(iso.minutes)) min", style: .isochrone,
                            geometries: [iso.polygon]))
                }
            }
        }
        if !catchments.isEmpty {
            var members: [Place] = []
            for m in catchments { members += try m.places(in: dataset, network: network, scenario: scenario) }
            let graph = try RoadGraphs.graph(graphs, dataset, network, scenario)
            let result = try graph.catchments(members: members, places: dataset.places, boundary: nil)
            for (m, g) in zip(result.members, result.networkPolygons) {
                if let g {
                    overlays.append(MapOverlay(name: "\(m.name) catchment", style: .catchment, geometries: [g]))
                }
            }
        }
        if failing {
            let report = try AccessibilityCheck.run(
                dataset: dataset, network: network, scenario: scenario, withRoutes: true
            ).report
            let routes: [Geometry] = report.results.flatMap { r in
                r.pairs.filter { $0.outcome == .failed }.compactMap { report.routes[$0.key(in: r.target)] }.map {
                    .lineString($0)
                }
            }
            overlays.append(
                MapOverlay(name: "failing pairs (\(routes.count))", style: .failingRoute, geometries: routes))
        }
        return overlays
    }

    /// The hierarchy measures, with travel times to the level above on `network` when given;
    /// also the description of the network they ran on.
    public static func measures(
        dataset: Dataset, network: RoadNetwork?, scenario: Int?
    ) throws -> (measures: HierarchyMeasures, network: String?) {
        let graph = try network.map { try RoadGraphs(dataset).graph(for: $0, scenario: scenario) }
        return (try HierarchyMeasures(dataset: dataset, graph: graph), graph?.description)
    }

    /// The plan's layout elements with the settlements in or near each.
    public static func layout(dataset: Dataset, axisDistanceKm: Double) throws -> LayoutReport {
        guard let layout = dataset.layout else {
            throw AnalysisError.empty("dataset \(dataset.name) declares no layout")
        }
        return try layout.report(for: dataset, axisDistanceKm: axisDistanceKm)
    }
}
