import Foundation
import GeoKit
import TownGraphModel

/// How one county-level unit fares against an ``ExpresswayServiceTarget``.
public struct CountyService: Sendable {
    public let county: County
    /// Distinct expressway references serving the unit, sorted.
    public let routes: [String]
    /// The interchanges that count.
    public let interchanges: [String]
    public let holds: Bool
}

public struct ServiceResult: Sendable {
    public let target: ExpresswayServiceTarget
    public let counties: [CountyService]
    public var holds: Bool { counties.allSatisfy(\.holds) }
}

public enum ExpresswayService {
    /// Counts, for every county, the expressways whose interchanges open in the scenario lie
    /// inside it or within the target's distance. An interchange's routes are its `refs`, or
    /// else the references of the controlled-access links passing within 50 m of it.
    public static func check(
        _ target: ExpresswayServiceTarget, dataset: Dataset, network: RoadNetwork, scenario: Int?
    ) throws -> ServiceResult {
        let projection = try MetricProjection(crs: dataset.metricCRS)
        let open = network.interchanges.filter { $0.status.isIncluded(inScenario: scenario) }
        let expressways = try network.links.filter {
            $0.roadClass.isExpressway && $0.status.isIncluded(inScenario: scenario) && $0.ref != nil
        }
        .map { ($0.ref!, try projection.projected(.lineString($0.coordinates))) }
        var refs: [String: [String]] = [:]
        var points: [String: GEOSGeometry] = [:]
        for ic in open {
            let p = try projection.projected(.point(ic.location))
            points[ic.id] = p
            refs[ic.id] = ic.refs.isEmpty ? try expressways.filter { try $0.1.distance(to: p) <= 50 }.map(\.0) : ic.refs
        }
        var rows: [CountyService] = []
        for county in dataset.counties {
            let shape = try projection.projected(county.boundary)
            let serving = try open.filter { try shape.distance(to: points[$0.id]!) <= target.withinKm * 1000 }
            let routes = Array(Set(serving.flatMap { refs[$0.id] ?? [] })).sorted()
            rows.append(
                CountyService(
                    county: county, routes: routes, interchanges: serving.map(\.id),
                    holds: routes.count >= target.minimumRoutes))
        }
        return ServiceResult(target: target, counties: rows)
    }
}
