import Foundation
import TestSupport
import Testing
import TownGraphFixtures
import TownGraphInput

@testable import TownGraphAnalysis
@testable import TownGraphModel
@testable import TownGraphRouting

/// Every checked pair carries the length of its fastest route and the break-even speed;
/// lengths agree with networkx's fastest paths on the same arcs.
@Suite struct RouteLengthTests {
    @Test func pairLengthsMatchNetworkxAndBreakEvenFollows() throws {
        let d = try dongying()
        let network = try NetworkSource.open(for: d, file: nil)
        let (report, graph) = try AccessibilityCheck.run(
            dataset: d, network: network, scenario: nil, targets: d.targets.filter { $0.id == "centre-to-counties" })
        let pairs = report.results[0].pairs
        #expect(pairs.count == 3)
        // Arcs with their times and lengths, for networkx.
        var text = ""
        for u in 0..<graph.nodeCount {
            for a in Int(graph.adjacency.offsets[u])..<Int(graph.adjacency.offsets[u + 1]) {
                let s = Int(graph.adjacency.segment[a])
                text += "\(u) \(graph.adjacency.target[a]) \(graph.adjacency.time[a]) \(graph.segments.length[s])\n"
            }
        }
        let queries = pairs.map { "\(graph.node(of: $0.origin.id)!) \(graph.node(of: $0.destination!.id)!)" }
        let out = try Python.run(
            """
            import sys
            import networkx as nx
            parts = sys.stdin.read().split("---\\n")
            G = nx.DiGraph()
            for l in parts[0].splitlines():
                u, v, t, m = l.split()
                u, v, t, m = int(u), int(v), float(t), float(m)
                if not G.has_edge(u, v) or G[u][v]["t"] > t:
                    G.add_edge(u, v, t=t, m=m)
            for q in parts[1].splitlines():
                a, b = map(int, q.split())
                path = nx.dijkstra_path(G, a, b, weight="t")
                print(repr(sum(G[x][y]["m"] for x, y in zip(path, path[1:]))))
            """, input: text + "---\n" + queries.joined(separator: "\n") + "\n")
        let metres = out.split(separator: "\n").map { Double($0)! }
        for (p, m) in zip(pairs, metres) {
            let mine = try #require(p.metres)
            #expect(abs(mine - m) <= 1e-6 * m, "\(p.origin.id)→\(p.destination!.id): \(mine) against \(m)")
            let breakEven = try #require(p.breakEvenKmh(limitMinutes: 45))
            #expect(abs(breakEven - m / 1000 / 0.75) < 1e-9)
        }
        // A pair that fails needs a break-even speed above the speed it is driven at.
        for p in pairs where p.outcome == .failed {
            let driven = p.metres! / 1000 / (p.seconds! / 3600)
            #expect(p.breakEvenKmh(limitMinutes: 45)! > driven)
        }
    }
}
