import Foundation
import TestSupport
import Testing

@testable import OSMKit

/// Files made to exhaust memory or to crash the readers: each is rejected quickly with an
/// error naming the file and where in it.
@Suite struct HostileOSMTests {
    /// A block of `count` ways, each with `refs` node references (all deltas 1).
    static func wayBlock(ways count: Int, refs: Int) throws -> Data {
        var block = Towngraph_Osmpbf_PrimitiveBlock()
        block.stringTable.s = [Data(), Data("highway".utf8), Data("primary".utf8)]
        var group = Towngraph_Osmpbf_PrimitiveGroup()
        for i in 0..<count {
            var way = Towngraph_Osmpbf_Way()
            way.id = Int64(i + 1)
            way.keys = [1]
            way.vals = [2]
            way.refs = Array(repeating: 1, count: refs)
            group.ways.append(way)
        }
        block.primitiveGroup = [group]
        return try block.serializedBytes()
    }

    static func read(_ data: Data) throws {
        let file = try PBFFile(path: "bomb.osm.pbf", data: data)
        try file.read(OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"])) { _ in }
    }

    @Test func decompressionBombIsRejectedAtItsBlock() throws {
        // 8,000 ways of 2,000 references: 16 MB of varints that zlib packs into about 50 KB,
        // the shape of the 49 KB file that took 1 GB and 25 s to reject.
        let payload = try Self.wayBlock(ways: 8000, refs: 2000)
        let blob = PBFBuilder.zlibBlob(payload)
        let file = try PBFBuilder.header() + PBFBuilder.frame("OSMData", blob)
        #expect(payload.count > 16_000_000 && file.count < 60_000)
        let started = Date()
        do {
            try Self.read(file)
            Issue.record("a decompression bomb was read")
        } catch let e as OSMReadError {
            #expect(e.kind == .oversized, "\(e)")
            #expect(e.description.hasPrefix("bomb.osm.pbf, block 1 at byte"), "\(e)")
            #expect(e.message.contains("times its") && e.message.contains("made to exhaust memory"), "\(e)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aWayOverOpenStreetMapsNodeLimitIsAnError() throws {
        let file =
            try PBFBuilder.header()
            + PBFBuilder.frame("OSMData", PBFBuilder.rawBlob(try Self.wayBlock(ways: 1, refs: 2001)))
        #expect { try Self.read(file) } throws: {
            "\($0)".contains("way 1 has 2001 node references; OpenStreetMap allows at most 2000")
        }
        // 2,000 is allowed.
        let ok =
            try PBFBuilder.header()
            + PBFBuilder.frame("OSMData", PBFBuilder.rawBlob(try Self.wayBlock(ways: 1, refs: 2000)))
        try Self.read(ok)
    }

    @Test func xmlWayOverTheNodeLimitIsAnError() throws {
        let nds = (1...2001).map { "<nd ref=\"\($0)\"/>" }.joined()
        let xml = "<osm version=\"0.6\">\n<way id=\"7\"><tag k=\"highway\" v=\"primary\"/>\(nds)</way>\n</osm>\n"
        let file = OSMXMLFile(path: "long.osm", data: Data(xml.utf8))
        #expect { try file.read(OSMReadRequest(wayKeys: ["highway"])) { _ in } } throws: {
            "\($0)".contains("long.osm, line 2: way 7 has more than 2000 node references")
        }
    }
}
