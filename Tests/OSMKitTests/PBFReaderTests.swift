import Foundation
import TestSupport
import Testing

@testable import OSMKit

/// Builds PBF files block by block, for the bad-input and fuzz tests.
enum PBFBuilder {
    static func frame(_ type: String, _ blob: Towngraph_Osmpbf_Blob) throws -> Data {
        let blobBytes: Data = try blob.serializedBytes()
        var header = Towngraph_Osmpbf_BlobHeader()
        header.type = type
        header.dataSize = Int32(blobBytes.count)
        let headerBytes: Data = try header.serializedBytes()
        var out = Data()
        let n = UInt32(headerBytes.count)
        out.append(contentsOf: [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)])
        return out + headerBytes + blobBytes
    }

    static func zlibBlob(_ payload: Data) -> Towngraph_Osmpbf_Blob {
        var blob = Towngraph_Osmpbf_Blob()
        blob.rawSize = Int32(payload.count)
        blob.zlibData = Zlib.deflate(payload)
        return blob
    }

    static func rawBlob(_ payload: Data) -> Towngraph_Osmpbf_Blob {
        var blob = Towngraph_Osmpbf_Blob()
        blob.raw = payload
        return blob
    }

    static func header(features: [String] = ["OsmSchema-V0.6", "DenseNodes"]) throws -> Data {
        var h = Towngraph_Osmpbf_HeaderBlock()
        h.requiredFeatures = features
        h.writingProgram = "towngraph tests"
        return try frame("OSMHeader", zlibBlob(try h.serializedBytes()))
    }

    /// The blocks of a file: type and uncompressed payload.
    static func blocks(of data: Data) throws -> [(type: String, payload: Data)] {
        try PBFFile(path: "input", data: data).allBlocks.map {
            ($0.type, try PBFFile.inflate(data: data, ref: $0.ref, path: "input"))
        }
    }

    /// The same file with every block stored uncompressed.
    static func uncompressed(_ data: Data) throws -> Data {
        try blocks(of: data).reduce(Data()) { $0 + (try frame($1.type, rawBlob($1.payload))) }
    }
}

/// Reads everything a file holds, the way the fuzz test and the size tests do.
func readAll(_ file: PBFFile) throws -> (nodes: Int, ways: Int, relations: Int, highways: Int, tagged: Int) {
    var totals = (nodes: 0, ways: 0, relations: 0, highways: 0, tagged: 0)
    try file.read(
        OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"], nodePositions: OSMNodeIDSet([1, 2, 3]))
    ) { b in
        totals.nodes += b.nodeCount
        totals.ways += b.wayCount
        totals.relations += b.relationCount
        totals.highways += b.ways.count
        totals.tagged += b.taggedNodes.count
    }
    return totals
}

@Suite struct PBFReaderTests {
    static let helsinki = TestPaths.osm("helsinki.osm.pbf")
    static let small = TestPaths.osm("test.osm.pbf")

    @Test func countsMatchWhatPyosmiumReads() throws {
        // Numbers from Tests/Fixtures/osm/README.md (pyosmium 4.3).
        let h = try readAll(PBFFile(path: Self.helsinki))
        #expect(h.nodes == 24_260 && h.ways == 5_130 && h.highways == 2_650)
        let t = try readAll(PBFFile(path: Self.small))
        #expect(t.nodes == 14_222 && t.ways == 2_653 && t.highways == 343)
    }

    @Test func headerAndDenseNodesAgreeWithPyosmium() throws {
        let file = try PBFFile(path: Self.helsinki)
        #expect(file.header.requiredFeatures.contains("DenseNodes"))
        var tagged: [OSMNode] = []
        var ways: [OSMWay] = []
        try file.read(OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"])) {
            tagged += $0.taggedNodes
            ways += $0.ways
        }
        // The same elements as pyosmium sees them: ids, positions, tags, node lists.
        let script = """
            import json, osmium, sys
            class H(osmium.SimpleHandler):
                def __init__(self):
                    super().__init__(); self.n = []; self.w = []
                def node(self, n):
                    t = {x.k: x.v for x in n.tags}
                    if 'highway' in t: self.n.append([n.id, n.location.lon, n.location.lat, t])
                def way(self, w):
                    t = {x.k: x.v for x in w.tags}
                    if 'highway' in t: self.w.append([w.id, [r.ref for r in w.nodes], t])
            h = H(); h.apply_file(sys.argv[1])
            print(json.dumps({'n': h.n, 'w': h.w}))
            """
        let dir = try TemporaryDirectory()
        try script.write(toFile: dir.path("read.py"), atomically: true, encoding: .utf8)
        let out = try Python.run(
            "import runpy, sys; sys.argv = ['read.py', '\(Self.helsinki)']; runpy.run_path('\(dir.path("read.py"))', run_name='__main__')"
        )
        let j = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [[Any]]])
        let refNodes = j["n"]!
        let refWays = j["w"]!
        #expect(tagged.count == refNodes.count)
        for (mine, ref) in zip(tagged, refNodes) {
            #expect(mine.id == (ref[0] as! NSNumber).int64Value)
            #expect(mine.lon == (ref[1] as! Double) && mine.lat == (ref[2] as! Double))
            #expect(mine.tags == (ref[3] as! [String: String]))
        }
        #expect(ways.count == refWays.count)
        for (mine, ref) in zip(ways, refWays) {
            #expect(mine.id == (ref[0] as! NSNumber).int64Value)
            #expect(mine.nodeIDs == (ref[1] as! [NSNumber]).map(\.int64Value))
            #expect(mine.tags == (ref[2] as! [String: String]))
        }
    }

    @Test func uncompressedBlocksReadTheSame() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.small))
        let raw = try PBFBuilder.uncompressed(data)
        #expect(raw.count > data.count)
        let a = try readAll(PBFFile(path: "zlib", data: data))
        let b = try readAll(PBFFile(path: "raw", data: raw))
        #expect(a == b)
    }

    func expectError(
        _ kind: OSMReadError.Kind, _ data: Data, containing text: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let file = try PBFFile(path: "bad.osm.pbf", data: data)
            _ = try readAll(file)
            Issue.record("no error for a \(kind) file", sourceLocation: sourceLocation)
        } catch let e as OSMReadError {
            #expect(e.kind == kind, "\(e)", sourceLocation: sourceLocation)
            #expect(e.description.hasPrefix("bad.osm.pbf"), sourceLocation: sourceLocation)
            if let text { #expect(e.description.contains(text), "\(e)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("not an OSMReadError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func truncatedFilesSayWhere() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.small))
        for cut in [2, 10, 200, data.count / 2, data.count - 1] {
            expectError(.truncated, data.prefix(cut), containing: "truncated")
        }
    }

    @Test func corruptCompressedData() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.small))
        var bad = data
        let i = data.count / 2
        bad[i] = ~bad[i]
        bad[i + 1] = ~bad[i + 1]
        expectError(.corrupt, bad)
    }

    @Test func blobsOverTheFormatsLimits() throws {
        // A BlobHeader length over 64 KiB.
        expectError(.oversized, Data([0x00, 0x01, 0x00, 0x01]) + Data(count: 70_000), containing: "64 KiB")
        // A BlobHeader declaring a 33 MiB blob.
        var header = Towngraph_Osmpbf_BlobHeader()
        header.type = "OSMData"
        header.dataSize = 33 * 1024 * 1024
        let h: Data = try header.serializedBytes()
        let big = try PBFBuilder.header() + Data([0, 0, 0, UInt8(h.count)]) + h + Data(count: 16)
        expectError(.oversized, big, containing: "32 MiB")
        // A blob whose raw_size says it inflates past 32 MiB.
        var blob = PBFBuilder.zlibBlob(Data(count: 100))
        blob.rawSize = 40 * 1024 * 1024
        expectError(.oversized, try PBFBuilder.header() + PBFBuilder.frame("OSMData", blob), containing: "inflates")
        // raw_size that does not match the data.
        var liar = PBFBuilder.zlibBlob(Data(count: 100))
        liar.rawSize = 50
        expectError(.corrupt, try PBFBuilder.header() + PBFBuilder.frame("OSMData", liar), containing: "raw_size")
    }

    @Test func unknownCompressionIsNamed() throws {
        var lzma = Towngraph_Osmpbf_Blob()
        lzma.rawSize = 10
        lzma.lzmaData = Data(count: 10)
        expectError(
            .unsupportedCompression, try PBFBuilder.header() + PBFBuilder.frame("OSMData", lzma), containing: "lzma")
        var zstd = Towngraph_Osmpbf_Blob()
        zstd.rawSize = 10
        zstd.zstdData = Data(count: 10)
        expectError(
            .unsupportedCompression, try PBFBuilder.header() + PBFBuilder.frame("OSMData", zstd), containing: "zstd")
        // A blob with none of the known fields (a compression from the future).
        var empty = Towngraph_Osmpbf_Blob()
        empty.rawSize = 10
        expectError(.corrupt, try PBFBuilder.header() + PBFBuilder.frame("OSMData", empty), containing: "no data")
    }

    @Test func filesThatAreNotPBF() throws {
        expectError(.corrupt, try PBFBuilder.frame("OSMData", PBFBuilder.zlibBlob(Data())), containing: "OSMHeader")
        expectError(
            .unsupportedFeature, try PBFBuilder.header(features: ["OsmSchema-V0.6", "HistoricalInformation"]),
            containing: "history")
        expectError(.unknownFormat, Data())
        expectError(.oversized, Data("not a pbf file at all, just text".utf8))
    }

    @Test func openTellsFormatsApart() throws {
        let dir = try TemporaryDirectory()
        func open(_ name: String, _ bytes: Data) -> OSMReadError? {
            let path = dir.path(name)
            _ = FileManager.default.createFile(atPath: path, contents: bytes)
            do {
                let f = try OSMFile.open(path)
                try f.read(OSMReadRequest(wayKeys: ["highway"])) { _ in }
                return nil
            } catch { return error as? OSMReadError }
        }
        #expect(open("a.osm.gz", Data([0x1F, 0x8B, 8, 0]))?.message.contains("gzip") == true)
        #expect(open("a.osm.bz2", Data("BZh91AY".utf8))?.message.contains("bzip2") == true)
        #expect(open("empty.osm", Data())?.kind == .unknownFormat)
        #expect(open("roads.json", Data("{\"type\": 1}".utf8))?.message.contains("JSON") == true)
        let html = open("page.osm", Data("<html><body>hello</body></html>".utf8))
        #expect(html?.kind == .notOSM && html?.message.contains("<html>") == true)
        let change = open("diff.osc", Data("<osmChange version=\"0.6\"></osmChange>".utf8))
        #expect(change?.kind == .notOSM && change?.message.contains("change files") == true)
        let broken = open("broken.osm", Data("<osm version=\"0.6\">\n<node id=\"1\" lat=\"1\" lon=\"1\">\n</osm>".utf8))
        #expect(broken?.kind == .notOSM && broken?.location?.hasPrefix("line") == true)
        let noLat = open("nolat.osm", Data("<osm version=\"0.6\">\n<node id=\"1\" lon=\"1\"/>\n</osm>".utf8))
        #expect(noLat?.message.contains("node 1 has no lat/lon") == true)
        let outOfRange = open("range.osm", Data("<osm><node id=\"7\" lat=\"91\" lon=\"1\"/></osm>".utf8))
        #expect(outOfRange?.message.contains("out of range") == true)
        #expect(
            open(
                "ok.osm",
                Data("<?xml version=\"1.0\"?>\n<osm version=\"0.6\"><node id=\"1\" lat=\"1\" lon=\"1\"/></osm>".utf8))
                == nil)
        #expect(open("missing.osm.pbf", Data()) != nil)
        #expect(throws: OSMReadError.self) { try OSMFile.open(dir.path("nope.osm.pbf")) }
    }

    /// Mutated files must give an OSMReadError or a result, never a crash or another error.
    /// Set TOWNGRAPH_FUZZ_ITERATIONS for a longer run.
    @Test func fuzzedFilesNeverCrash() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["TOWNGRAPH_FUZZ_ITERATIONS"] ?? "") ?? 300
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.small))
        // Uncompressed blocks let mutations reach the protobuf and block decoding, past zlib's checksum.
        let raw = try PBFBuilder.uncompressed(original)
        var rng = SplitMix64(seed: 20_261_123)
        var outcomes = [String: Int]()
        for i in 0..<iterations {
            var data = i % 4 == 0 ? original : raw
            switch rng.next() % 5 {
            case 0:  // flip bytes
                for _ in 0..<(1 + Int(rng.next() % 8)) {
                    let at = Int(rng.next() % UInt64(data.count))
                    data[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            case 1:  // overwrite a run with random bytes
                let at = Int(rng.next() % UInt64(data.count))
                let n = min(data.count - at, 1 + Int(rng.next() % 64))
                for k in at..<(at + n) { data[k] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2:  // truncate
                data = data.prefix(Int(rng.next() % UInt64(data.count)))
            case 3:  // insert random bytes
                let at = Int(rng.next() % UInt64(data.count))
                data.insert(
                    contentsOf: (0..<(1 + Int(rng.next() % 16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) },
                    at: at)
            default:  // small integers into varints: set a byte to 0x00, 0x7F, 0x80 or 0xFF
                for _ in 0..<4 {
                    let at = Int(rng.next() % UInt64(data.count))
                    data[at] = [0x00, 0x7F, 0x80, 0xFF][Int(rng.next() % 4)]
                }
            }
            do {
                _ = try readAll(PBFFile(path: "fuzz-\(i).osm.pbf", data: data))
                outcomes["read", default: 0] += 1
            } catch let e as OSMReadError {
                outcomes[e.kind.rawValue, default: 0] += 1
            } catch {
                Issue.record("iteration \(i): not an OSMReadError: \(error)")
            }
        }
        #expect(outcomes.values.reduce(0, +) == iterations)
        #expect(outcomes.count >= 3, "mutations should reach several failure kinds: \(outcomes)")
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
