import Foundation
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// The contraction hierarchy's order kept between runs in the dataset folder's cache.
@Suite struct HierarchyOrderFilesTests {
    @Test func ordersRoundTripAndBadFilesAreNoOrder() throws {
        let temp = try TemporaryDirectory()
        let store = HierarchyOrderFiles(directory: temp.path("cache"))
        #expect(store.order(forKey: "abc", nodeCount: 4) == nil)
        store.save([3, 1, 0, 2], forKey: "abc")
        #expect(store.order(forKey: "abc", nodeCount: 4) == [3, 1, 0, 2])
        #expect(store.order(forKey: "abc", nodeCount: 5) == nil)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: temp.path("cache/short.order")))
        #expect(store.order(forKey: "short", nodeCount: 1) == nil)
        // A key cannot name a path outside the folder.
        store.save([0], forKey: "../../escape")
        #expect(!FileManager.default.fileExists(atPath: temp.path("escape.order")))
        // Nowhere to write: no file, no error.
        HierarchyOrderFiles(directory: "/proc/towngraph-cache").save([0], forKey: "x")
    }

    /// A second graph of the same topology takes the saved order (the same hierarchy and
    /// times); an order that is not a permutation of the nodes is ignored and replaced.
    @Test func aSecondRunReadsTheOrder() throws {
        let temp = try TemporaryDirectory()
        let store = HierarchyOrderFiles(directory: temp.path("cache"))
        let (network, towns) = SyntheticRoadNetwork.make(nodes: TravelGraph.cachedOrderNodes + 2000, towns: 30)
        func graph() throws -> TravelGraph {
            try TravelGraph.build(
                network: network, scenario: nil, places: towns, metricCRS: "EPSG:4549", engine: .ch, orderStore: store)
        }
        let first = try graph()
        #expect(first.nodeCount >= TravelGraph.cachedOrderNodes)
        let key = first.topologyKey()
        let order = first.contractionHierarchy().nodeAt
        let file = temp.path("cache/\(key).order")
        #expect(FileManager.default.contents(atPath: file)?.count == 4 * first.nodeCount)
        #expect(store.order(forKey: key, nodeCount: first.nodeCount) == order)

        // Swap two nodes in the saved order: a different, valid order is taken as it is.
        var swapped = order
        swapped.swapAt(0, swapped.count - 1)
        store.save(swapped, forKey: key)
        let second = try graph()
        #expect(second.topologyKey() == key)
        #expect(second.contractionHierarchy().nodeAt == swapped)
        let nodes = towns.compactMap { first.node(of: $0.id) }
        let a = first.travelTimes(from: nodes, to: nodes)
        let b = second.travelTimes(from: nodes, to: nodes)
        for (r, s) in zip(a, b) { for (x, y) in zip(r, s) { #expect(x == y || abs(x - y) <= 1e-6) } }

        // Not a permutation: ignored, computed again and saved over.
        store.save([Int32](repeating: 0, count: first.nodeCount), forKey: key)
        let third = try graph()
        #expect(third.contractionHierarchy().nodeAt == order)
        #expect(store.order(forKey: key, nodeCount: first.nodeCount) == order)
    }
}
