import Foundation
import PropertyBased
import TestSupport
import Testing
import TownGraphFixtures

@testable import TownGraphInput
@testable import TownGraphModel
@testable import TownGraphRouting

/// The customizable contraction hierarchy gives Dijkstra's times exactly (to 1e-6 s),
/// unreachable pairs included, and routes whose arcs chain from origin to destination and sum
/// to the time: on random graphs (property-based), on both Dongying networks against networkx
/// and the Dijkstra search, on the OpenStreetMap fixtures and the synthetic network.
@Suite struct ContractionHierarchyTests {
    /// A random directed graph: `n` nodes at random positions, arcs mostly between near
    /// nodes, some one-way, some parallel, some loops, and an isolated part; or, `symmetric`,
    /// every arc with its reverse of the same weight (a road graph without one-way streets).
    struct RandomGraph {
        var n: Int
        var offsets: [Int32]
        var targets: [Int32]
        var weights: [Double]
        var x: [Double]
        var y: [Double]

        init(n: Int, seed: UInt64, symmetric: Bool = false) {
            var state = seed &+ 0x9E37_79B9_7F4A_7C15
            func next() -> Double {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
            }
            self.n = n
            x = (0..<n).map { _ in next() * 100 }
            y = (0..<n).map { _ in next() * 100 }
            var arcs: [(Int, Int, Double)] = []
            let reachable = max(1, n - n / 10)  // the last tenth only links among itself
            for u in 0..<n {
                let k = 1 + Int(next() * 3)
                for _ in 0..<k {
                    let pool = u < reachable ? reachable : n
                    let lo = u < reachable ? 0 : reachable
                    let v = lo + Int(next() * Double(pool - lo))
                    let w = (abs(x[u] - x[v]) + abs(y[u] - y[v]) + 1) * (0.5 + next())
                    arcs.append((u, v, w))
                    if symmetric {
                        arcs.append((v, u, w))
                    } else if next() < 0.7 {
                        arcs.append((v, u, w * (0.8 + 0.4 * next())))
                    }
                }
            }
            arcs.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            offsets = [Int32](repeating: 0, count: n + 1)
            for a in arcs { offsets[a.0 + 1] += 1 }
            for u in 0..<n { offsets[u + 1] += offsets[u] }
            targets = arcs.map { Int32($0.1) }
            weights = arcs.map(\.2)
        }

        /// Plain Dijkstra from `s` (the reference).
        func dijkstra(from s: Int) -> [Double] {
            var dist = [Double](repeating: .infinity, count: n)
            var done = [Bool](repeating: false, count: n)
            dist[s] = 0
            for _ in 0..<n {
                var u = -1
                for v in 0..<n where !done[v] && dist[v] < .infinity && (u < 0 || dist[v] < dist[u]) { u = v }
                if u < 0 { break }
                done[u] = true
                for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(targets[a])
                    if dist[u] + weights[a] < dist[v] { dist[v] = dist[u] + weights[a] }
                }
            }
            return dist
        }

        func arcTail(_ a: Int32) -> Int { offsets.lastIndex { $0 <= a }! }
    }

    @Test func randomGraphsGiveDijkstrasTimesAndRoutes() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...120), Gen.int(in: 0...1_000_000)) { n, seed in
            let symmetric = seed % 2 == 0
            let g = RandomGraph(n: n, seed: UInt64(seed), symmetric: symmetric)
            let h = ContractionHierarchy(nodeCount: n, offsets: g.offsets, targets: g.targets, x: g.x, y: g.y)
            let metric = CCHMetric(hierarchy: h, weights: g.weights)
            if symmetric {
                // One cost per edge, the same to the bit as the two kept apart.
                #expect(metric.symmetric && metric.cost.count == h.edgeCount)
                let apart = CCHMetric(hierarchy: h, weights: g.weights, shareSymmetric: false)
                #expect(!apart.symmetric && apart.cost.count == 2 * h.edgeCount)
                for e in 0..<h.edgeCount {
                    #expect(
                        apart.up(e) == metric.up(e) && apart.down(e) == metric.down(e), "n=\(n) seed=\(seed) edge \(e)")
                }
            }
            let search = CCHSearch(metric: metric)
            let all = (0..<Int32(n)).map { $0 }
            let table = CCHSearch.table(metric: metric, from: all, to: all, workers: 2)
            // Supernodes customized as blocks give the plain step's costs to the bit.
            #expect(CCHMetric(hierarchy: h, weights: g.weights, blocks: false).cost == metric.cost)
            for s in 0..<n {
                let reference = g.dijkstra(from: s)
                let row = table[s]
                let sweep = search.oneToAll(from: Int32(s))
                for t in 0..<n {
                    let want = reference[t]
                    #expect(row[t] == want || abs(row[t] - want) <= 1e-6, "n=\(n) seed=\(seed) \(s)→\(t) table")
                    #expect(sweep[t] == want || abs(sweep[t] - want) <= 1e-6, "n=\(n) seed=\(seed) \(s)→\(t) PHAST")
                    let q = search.query(from: Int32(s), to: Int32(t), arcs: true)
                    #expect(q.seconds == want || abs(q.seconds - want) <= 1e-6, "n=\(n) seed=\(seed) \(s)→\(t)")
                    if want.isFinite, let arcs = q.arcs {
                        // The arcs chain from s to t and add up to the time.
                        var at = s
                        var sum = 0.0
                        for a in arcs {
                            #expect(g.arcTail(a) == at)
                            at = Int(g.targets[Int(a)])
                            sum += g.weights[Int(a)]
                        }
                        #expect(at == t && abs(sum - want) <= 1e-6, "n=\(n) seed=\(seed) route \(s)→\(t)")
                    } else {
                        #expect(!want.isFinite || s == t)
                    }
                }
            }
        }
    }

    /// One cost per edge only when every joined pair has the same least weight both ways: a
    /// single arc changed makes the weights directed; a link closed both ways (infinity) does not.
    @Test func symmetricWeightsAreDetectedExactly() {
        let g = RandomGraph(n: 200, seed: 7, symmetric: true)
        let h = ContractionHierarchy(nodeCount: g.n, offsets: g.offsets, targets: g.targets, x: g.x, y: g.y)
        #expect(CCHMetric.isSymmetric(h, g.weights))
        // The first arc that is not a loop, and its reverse.
        let a = (0..<g.targets.count).first { Int(g.targets[$0]) != g.arcTail(Int32($0)) }!
        let (u, v) = (g.arcTail(Int32(a)), Int(g.targets[a]))
        let reverse = (Int(g.offsets[v])..<Int(g.offsets[v + 1])).filter { Int(g.targets[$0]) == u }
        var changed = g.weights
        changed[a] += 1e-9
        #expect(!CCHMetric.isSymmetric(h, changed))
        #expect(!CCHMetric(hierarchy: h, weights: changed).symmetric)
        var closed = g.weights
        for b in (Int(g.offsets[u])..<Int(g.offsets[u + 1])).filter({ Int(g.targets[$0]) == v }) + reverse {
            closed[b] = .infinity
        }
        #expect(CCHMetric.isSymmetric(h, closed))
        var nan = g.weights
        nan[a] = .nan
        #expect(!CCHMetric.isSymmetric(h, nan))
        // The directed random graph keeps two costs per edge.
        let d = RandomGraph(n: 150, seed: 42)
        let hd = ContractionHierarchy(nodeCount: d.n, offsets: d.offsets, targets: d.targets, x: d.x, y: d.y)
        #expect(!CCHMetric(hierarchy: hd, weights: d.weights).symmetric)
    }

    /// Re-customized for other weights, the same hierarchy gives the Dijkstra times of those.
    @Test func recustomizationGivesTheNewWeightsTimes() {
        let g = RandomGraph(n: 150, seed: 42)
        let h = ContractionHierarchy(nodeCount: g.n, offsets: g.offsets, targets: g.targets, x: g.x, y: g.y)
        var scaled = g
        scaled.weights = g.weights.enumerated().map { i, w in i % 3 == 0 ? w * 2.5 : (i % 7 == 0 ? .infinity : w) }
        let search = CCHSearch(metric: CCHMetric(hierarchy: h, weights: scaled.weights))
        for s in stride(from: 0, to: g.n, by: 7) {
            let reference = scaled.dijkstra(from: s)
            let sweep = search.oneToAll(from: Int32(s))
            for t in 0..<g.n { #expect(sweep[t] == reference[t] || abs(sweep[t] - reference[t]) <= 1e-6) }
        }
    }

    /// Both Dongying networks, every place and interchange: the hierarchy's table equals
    /// networkx's on the same arcs and the Dijkstra search's; routes have the same times.
    @Test(arguments: ["schematic", "osm-major-roads"])
    func dongyingNetworksAgainstNetworkxAndDijkstra(network name: String) throws {
        let d = try dongying()
        let spec = try #require(d.network(named: name))
        let n = try RoadNetworkLoader.open(path: spec.file, spec: spec)
        for scenario in [nil] + n.plannedYears.map(Optional.some) {
            let places = d.places + n.interchangePlaces(scenario: scenario)
            let dijkstra = try TravelGraph.build(
                network: n, scenario: scenario, places: places, metricCRS: d.metricCRS, engine: .dijkstra)
            let ch = try TravelGraph.build(
                network: n, scenario: scenario, places: places, metricCRS: d.metricCRS, engine: .ch)
            let nodes = places.compactMap { ch.node(of: $0.id) }
            let a = dijkstra.travelTimes(from: nodes, to: nodes)
            let b = ch.travelTimes(from: nodes, to: nodes)
            let x = try networkxMatrix(ch, nodes)
            var compared = 0
            for i in nodes.indices {
                for j in nodes.indices {
                    #expect(a[i][j] == b[i][j] || abs(a[i][j] - b[i][j]) <= 1e-6, "\(name) \(i)→\(j)")
                    if let e = x[i][j] { #expect(abs(b[i][j] - e) <= 1e-6) } else { #expect(!b[i][j].isFinite) }
                    compared += 1
                }
            }
            #expect(compared >= 40 * 40)
            // Routes through the hierarchy: same time, and the arcs' times add up to it.
            let metric = ch.customizedHierarchy()
            // Neither network has one-way roads: one cost per hierarchy edge.
            #expect(metric.symmetric, "\(name) scenario \(String(describing: scenario))")
            for (i, j) in [(0, nodes.count - 1), (3, 17), (10, 2)] {
                guard let r = ch.arcs(metric: metric, from: nodes[i], to: nodes[j]) else {
                    #expect(!a[i][j].isFinite)
                    continue
                }
                let sum = r.arcs.reduce(0.0) { $0 + ch.adjacency.time[Int($1)] }
                #expect(abs(r.seconds - a[i][j]) <= 1e-6 && abs(sum - a[i][j]) <= 1e-6)
                let viaRoute = try #require(ch.route(from: nodes[i], to: nodes[j]))
                #expect(abs(viaRoute.seconds - a[i][j]) <= 1e-6)
            }
        }
    }

    /// The OpenStreetMap test extracts, imported, and the synthetic benchmark network.
    @Test func osmFixturesAndTheSyntheticNetwork() throws {
        var graphs: [(String, TravelGraph, TravelGraph)] = []
        for file in ["test.osm.pbf", "helsinki.osm.pbf"]
        where FileManager.default.fileExists(atPath: TestPaths.osm(file)) {
            let imported = try OSMRoadImport.read(path: TestPaths.osm(file))
            let a = try TravelGraph.build(
                network: imported.network, scenario: nil, places: [], metricCRS: "EPSG:32635", engine: .dijkstra)
            let b = try TravelGraph.build(
                network: imported.network, scenario: nil, places: [], metricCRS: "EPSG:32635", engine: .ch)
            graphs.append((file, a, b))
        }
        let (network, towns) = SyntheticRoadNetwork.make(nodes: 4000, towns: 60)
        graphs.append(
            (
                "synthetic",
                try TravelGraph.build(
                    network: network, scenario: nil, places: towns, metricCRS: "EPSG:4549", engine: .dijkstra),
                try TravelGraph.build(
                    network: network, scenario: nil, places: towns, metricCRS: "EPSG:4549", engine: .ch)
            ))
        #expect(graphs.count >= 2)
        for (name, a, b) in graphs {
            let nodes = stride(from: 0, to: a.nodeCount, by: max(1, a.nodeCount / 60)).map { Int32($0) }
            let x = a.travelTimes(from: nodes, to: nodes)
            let y = b.travelTimes(from: nodes, to: nodes)
            var unreachable = 0
            for i in nodes.indices {
                for j in nodes.indices {
                    #expect(x[i][j] == y[i][j] || abs(x[i][j] - y[i][j]) <= 1e-6, "\(name) \(nodes[i])→\(nodes[j])")
                    if !x[i][j].isFinite { unreachable += 1 }
                }
            }
            let sweep = CCHSearch(metric: b.customizedHierarchy()).oneToAll(from: nodes[0])
            let search = ShortestPathSearch(graph: a)
            search.run(from: nodes[0], recordPaths: false)
            for v in 0..<Int32(a.nodeCount) {
                let want = search.seconds(to: v)
                #expect(sweep[Int(v)] == want || abs(sweep[Int(v)] - want) <= 1e-6, "\(name) PHAST \(v)")
            }
            print(
                "\(name): \(a.nodeCount) nodes, \(b.contractionHierarchy().edgeCount) hierarchy edges, \(unreachable) unreachable pairs"
            )
        }
    }
}
