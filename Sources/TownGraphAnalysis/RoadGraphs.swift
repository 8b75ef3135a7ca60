import Foundation
import TownGraphModel
import TownGraphRouting

/// The routing engines, for the front ends (which do not import the routing module).
public typealias RoutingEngine = TownGraphRouting.RoutingEngine

/// The road graphs a dataset is routed on: one per network and scenario, each with every
/// place of the dataset (settlements, constituent units, external places) and every open
/// interchange attached. Attaching a place splits the road it joins and adds a dead-end access
/// leg, which changes no travel time between other places; so one graph answers every
/// question on that network and scenario. A graph is built on first use and then shared:
/// a command makes its own `RoadGraphs` (or none, and the query makes one), `towngraph serve`
/// keeps one per dataset for all its requests. Safe to use from several threads; a graph is
/// built once even when several threads ask for it at the same time.
public final class RoadGraphs: @unchecked Sendable {
    public let dataset: Dataset
    private let lock = NSLock()
    private var built: [String: TravelGraph] = [:]
    private var building: [String: NSCondition] = [:]

    /// The engine the graphs answer tables with (``RoutingEngine``).
    public let engine: RoutingEngine

    /// Where the graphs keep their hierarchies' orders between runs (large graphs only).
    public let orderStore: (any HierarchyOrderStore)?

    public init(_ dataset: Dataset, engine: RoutingEngine = .auto, orderStore: (any HierarchyOrderStore)? = nil) {
        self.dataset = dataset
        self.engine = engine
        self.orderStore = orderStore
    }

    /// How many graphs have been built (for the server's tests and its status line).
    public var count: Int { lock.withLock { built.count } }

    /// The graph of `network` in `scenario` (nil: today's roads).
    public func graph(for network: RoadNetwork, scenario: Int?) throws -> TravelGraph {
        let key = "\(network.name)\u{1F}\(network.source)\u{1F}\(scenario.map(String.init) ?? "base")"
        while true {
            lock.lock()
            if let g = built[key] {
                lock.unlock()
                return g
            }
            if let wait = building[key] {
                // Another thread is building it: wait until it is done, then look again.
                wait.lock()
                lock.unlock()
                wait.wait()
                wait.unlock()
                continue
            }
            let done = NSCondition()
            building[key] = done
            lock.unlock()
            defer {
                lock.lock()
                building[key] = nil
                lock.unlock()
                done.lock()
                done.broadcast()
                done.unlock()
            }
            let g = try TravelGraph.build(
                network: network, scenario: scenario,
                places: dataset.places + network.interchangePlaces(scenario: scenario), metricCRS: dataset.metricCRS,
                engine: engine, orderStore: orderStore)
            lock.withLock { built[key] = g }
            return g
        }
    }

    /// The graph from `graphs`, or a graph built for this one question.
    static func graph(
        _ graphs: RoadGraphs?, _ dataset: Dataset, _ network: RoadNetwork, _ scenario: Int?
    ) throws -> TravelGraph {
        try (graphs ?? RoadGraphs(dataset)).graph(for: network, scenario: scenario)
    }
}
