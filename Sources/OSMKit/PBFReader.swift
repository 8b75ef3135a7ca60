import Dispatch
import Foundation
import SwiftProtobuf

/// An OpenStreetMap PBF file (`.osm.pbf`): a sequence of blocks, each a 4-byte big-endian
/// length, a `BlobHeader` and a `Blob` holding a zlib-compressed (or raw) `HeaderBlock` or
/// `PrimitiveBlock`.
///
/// Opening a file maps it, walks the block headers (so a truncated or oversized block is
/// reported before any work is done) and reads the `OSMHeader` block. ``read(_:progress:body:)``
/// then inflates and decodes the data blocks, several at a time on all cores, and hands the
/// results to `body` in file order.
public struct PBFFile: Sendable {
    /// The format's hard limits: a `BlobHeader` must be under 64 KiB and a blob, compressed
    /// or not, at most 32 MiB.
    public static let maxBlobHeaderSize = 64 * 1024
    public static let maxBlobSize = 32 * 1024 * 1024
    /// How much more than its compressed size a block may inflate to. Real extracts inflate
    /// 2 to 3 times; zlib can inflate 1,000 times, which a file made to exhaust memory uses.
    public static let maxInflationRatio = 20
    /// Blocks this small may inflate past the ratio (a header block, a tiny extract).
    public static let inflationAllowance = 1024 * 1024
    /// Node references a way may hold: OpenStreetMap's own limit.
    public static let maxWayNodes = 2000

    public let path: String
    public let header: OSMFileHeader
    /// Size of the file in bytes.
    public let byteCount: Int
    /// Number of `OSMData` blocks.
    public var dataBlockCount: Int { blocks.count }
    /// Blocks of types other than `OSMHeader` and `OSMData`, which the format says to skip.
    public let skippedBlockTypes: [String]

    struct BlockRef: Sendable {
        let index: Int  // position among all blocks of the file, from 0
        let offset: Int  // byte offset of the block's length prefix
        let blobStart: Int
        let blobSize: Int
        var location: String { "block \(index) at byte \(offset)" }
    }

    private let data: Data
    /// Every block of the file with its type, as the container walk found them.
    let allBlocks: [(ref: BlockRef, type: String)]
    /// The `OSMData` blocks.
    private let blocks: [BlockRef]

    /// The features a file may require that TownGraph reads.
    public static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]

    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw OSMReadError(.unreadable, path: path, "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(path: path, data: data)
    }

    /// Reads a PBF file already in memory (`path` names it in errors).
    public init(path: String, data: Data) throws {
        self.path = path
        self.data = data
        self.byteCount = data.count
        guard !data.isEmpty else { throw OSMReadError(.unknownFormat, path: path, "the file is empty") }

        var refs: [(ref: BlockRef, type: String)] = []
        var offset = 0
        var index = 0
        while offset < data.count {
            let location = "block \(index) at byte \(offset)"
            guard data.count - offset >= 4 else {
                throw OSMReadError(
                    .truncated, path: path, location: location,
                    "the file ends inside a block's length prefix (\(data.count - offset) of 4 bytes): it is truncated")
            }
            let base = data.startIndex + offset
            let headerSize =
                Int(data[base]) << 24 | Int(data[base + 1]) << 16 | Int(data[base + 2]) << 8 | Int(data[base + 3])
            guard headerSize > 0 else {
                throw OSMReadError(
                    .corrupt, path: path, location: location, "the BlobHeader length is 0: not a PBF block")
            }
            guard headerSize < Self.maxBlobHeaderSize else {
                throw OSMReadError(
                    .oversized, path: path, location: location,
                    "the BlobHeader is \(headerSize) bytes, over the format's limit of 64 KiB (is this a PBF file?)")
            }
            guard data.count - offset - 4 >= headerSize else {
                throw OSMReadError(
                    .truncated, path: path, location: location, "the file ends inside a BlobHeader: it is truncated")
            }
            let header: Towngraph_Osmpbf_BlobHeader
            do {
                header = try Towngraph_Osmpbf_BlobHeader(serializedBytes: data[(base + 4)..<(base + 4 + headerSize)])
            } catch {
                throw OSMReadError(
                    .corrupt, path: path, location: location,
                    "the BlobHeader does not decode (\(error)): the file is corrupt or not PBF")
            }
            guard header.hasType, header.hasDataSize else {
                throw OSMReadError(
                    .corrupt, path: path, location: location,
                    "the BlobHeader lacks its \(header.hasType ? "datasize" : "type"): the file is corrupt or not PBF")
            }
            let size = Int(header.dataSize)
            guard size >= 0 else {
                throw OSMReadError(
                    .corrupt, path: path, location: location, "the BlobHeader gives a negative blob size (\(size))")
            }
            guard size <= Self.maxBlobSize else {
                throw OSMReadError(
                    .oversized, path: path, location: location,
                    "the blob is \(size) bytes, over the format's limit of 32 MiB")
            }
            let blobStart = offset + 4 + headerSize
            guard data.count - blobStart >= size else {
                throw OSMReadError(
                    .truncated, path: path, location: location,
                    "the file ends inside a \(header.type) blob (\(data.count - blobStart) of \(size) bytes): it is truncated"
                )
            }
            refs.append((BlockRef(index: index, offset: offset, blobStart: blobStart, blobSize: size), header.type))
            offset = blobStart + size
            index += 1
        }
        guard let first = refs.first, first.type == "OSMHeader" else {
            throw OSMReadError(
                .corrupt, path: path, location: "block 0 at byte 0",
                "the first block is \(refs.first.map { "\"\($0.type)\"" } ?? "missing"), not the OSMHeader block a PBF file starts with"
            )
        }
        let headerBytes = try Self.inflate(data: data, ref: first.ref, path: path)
        let block: Towngraph_Osmpbf_HeaderBlock
        do { block = try Towngraph_Osmpbf_HeaderBlock(serializedBytes: headerBytes) } catch {
            throw OSMReadError(
                .corrupt, path: path, location: first.ref.location, "the OSMHeader block does not decode (\(error))")
        }
        var fileHeader = OSMFileHeader()
        fileHeader.requiredFeatures = block.requiredFeatures
        fileHeader.writingProgram = block.hasWritingProgram ? block.writingProgram : nil
        if block.hasBbox {
            let b = block.bbox
            fileHeader.bounds = (
                Double(b.left) * 1e-9, Double(b.bottom) * 1e-9, Double(b.right) * 1e-9, Double(b.top) * 1e-9
            )
        }
        for feature in block.requiredFeatures where !Self.supportedFeatures.contains(feature) {
            let why =
                feature == "HistoricalInformation"
                ? "it is a history file (several versions of each element); use a current extract"
                : "TownGraph reads \(Self.supportedFeatures.sorted().joined(separator: " and ")) only"
            throw OSMReadError(
                .unsupportedFeature, path: path, location: first.ref.location,
                "the file requires the feature \"\(feature)\": \(why)")
        }
        for extra in refs.dropFirst() where extra.type == "OSMHeader" {
            throw OSMReadError(.corrupt, path: path, location: extra.ref.location, "a second OSMHeader block")
        }
        self.header = fileHeader
        self.allBlocks = refs
        self.blocks = refs.filter { $0.type == "OSMData" }.map(\.ref)
        self.skippedBlockTypes = refs.dropFirst().filter { $0.type != "OSMData" }.map(\.type)
    }

    /// The uncompressed bytes of a block.
    static func inflate(data: Data, ref: BlockRef, path: String) throws -> Data {
        let start = data.startIndex + ref.blobStart
        let blob: Towngraph_Osmpbf_Blob
        do { blob = try Towngraph_Osmpbf_Blob(serializedBytes: data[start..<(start + ref.blobSize)]) } catch {
            throw OSMReadError(.corrupt, path: path, location: ref.location, "the Blob does not decode (\(error))")
        }
        func checkRawSize() throws -> Int {
            guard blob.hasRawSize else {
                throw OSMReadError(
                    .corrupt, path: path, location: ref.location, "a compressed blob without its raw_size")
            }
            let raw = Int(blob.rawSize)
            let compressed = blob.zlibData.count
            guard raw <= max(inflationAllowance, maxInflationRatio * compressed) else {
                throw OSMReadError(
                    .oversized, path: path, location: ref.location,
                    "the blob inflates to \(raw) bytes, \(raw / max(compressed, 1)) times its \(compressed) compressed bytes; "
                        + "OpenStreetMap blocks inflate 2 to 3 times (at most \(maxInflationRatio) is read): "
                        + "the file is corrupt or made to exhaust memory")
            }
            guard raw <= maxBlobSize else {
                throw OSMReadError(
                    .oversized, path: path, location: ref.location,
                    "the blob inflates to \(raw) bytes, over the format's limit of 32 MiB")
            }
            guard raw >= 0 else {
                throw OSMReadError(.corrupt, path: path, location: ref.location, "negative raw_size \(raw)")
            }
            return raw
        }
        func unsupported(_ name: String) -> OSMReadError {
            OSMReadError(
                .unsupportedCompression, path: path, location: ref.location,
                "the blob is \(name)-compressed; TownGraph reads zlib-compressed and uncompressed blocks (recompress with: osmium cat IN -o OUT.osm.pbf)"
            )
        }
        switch blob.data {
        case .raw(let bytes)?:
            return bytes
        case .zlibData(let bytes)?:
            let raw = try checkRawSize()
            do { return try Zlib.inflate(bytes, expectedSize: raw) } catch let e as ZlibError {
                throw OSMReadError(.corrupt, path: path, location: ref.location, e.message)
            }
        case .lzmaData?: throw unsupported("lzma")
        case .bzip2Data?: throw unsupported("bzip2")
        case .lz4Data?: throw unsupported("lz4")
        case .zstdData?: throw unsupported("zstd")
        case nil:
            throw OSMReadError(
                .corrupt, path: path, location: ref.location, "the Blob holds no data (an unknown compression?)")
        }
    }

    /// Decodes the data blocks for `request` and hands each block's result to `body`, in
    /// file order. `progress` gets the bytes of the file done so far and the total.
    public func read(
        _ request: OSMReadRequest, progress: ((Int, Int) -> Void)? = nil, body: (OSMBatch) throws -> Void
    ) throws {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = cores * 4
        let chosen =
            request.onlyBlocks.map { only in blocks.enumerated().filter { only.contains($0.offset) } }
            ?? Array(blocks.enumerated())
        var start = 0
        while start < chosen.count {
            let slice = Array(chosen[start..<min(chosen.count, start + chunk)])
            let results = ResultBox(count: slice.count)
            let data = self.data
            let path = self.path
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                let r = Result {
                    var batch = try Self.decode(data: data, ref: slice[i].element, path: path, request: request)
                    batch.block = slice[i].offset
                    return batch
                }
                results.set(i, r)
            }
            for r in results.values { try body(r!.get()) }
            start += slice.count
            progress?(slice.last.map { $0.element.blobStart + $0.element.blobSize } ?? byteCount, byteCount)
        }
        progress?(byteCount, byteCount)
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<OSMBatch, Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<OSMBatch, Error>) {
            lock.lock()
            values[i] = r
            lock.unlock()
        }
    }

    static func decode(data: Data, ref: BlockRef, path: String, request: OSMReadRequest) throws -> OSMBatch {
        let bytes = try inflate(data: data, ref: ref, path: path)
        let block: Towngraph_Osmpbf_PrimitiveBlock
        do { block = try Towngraph_Osmpbf_PrimitiveBlock(serializedBytes: bytes) } catch {
            throw OSMReadError(
                .corrupt, path: path, location: ref.location, "the PrimitiveBlock does not decode (\(error))")
        }
        var decoder = BlockDecoder(block: block, request: request, path: path, location: ref.location)
        return try decoder.run()
    }
}

/// Turns one decoded `PrimitiveBlock` into an ``OSMBatch``.
private struct BlockDecoder {
    let block: Towngraph_Osmpbf_PrimitiveBlock
    let request: OSMReadRequest
    let path: String
    let location: String
    let strings: [Data]
    let granularity: Int64
    let latOffset: Int64, lonOffset: Int64
    /// String-table indexes of the wanted way keys and node keys.
    let wayKeyIndexes: Set<Int>
    let nodeKeyIndexes: Set<Int>
    var batch = OSMBatch()

    init(block: Towngraph_Osmpbf_PrimitiveBlock, request: OSMReadRequest, path: String, location: String) {
        self.block = block
        self.request = request
        self.path = path
        self.location = location
        self.strings = block.stringTable.s
        self.granularity = Int64(block.granularity)
        self.latOffset = block.latOffset
        self.lonOffset = block.lonOffset
        func indexes(of keys: Set<String>) -> Set<Int> {
            guard !keys.isEmpty else { return [] }
            let wanted = Set(keys.map { Data($0.utf8) })
            return Set(block.stringTable.s.indices.filter { wanted.contains(block.stringTable.s[$0]) })
        }
        self.wayKeyIndexes = indexes(of: request.wayKeys)
        self.nodeKeyIndexes = indexes(of: request.taggedNodeKeys)
    }

    func corrupt(_ message: String) -> OSMReadError {
        OSMReadError(.corrupt, path: path, location: location, message)
    }

    func string(_ index: Int) throws -> String {
        guard index >= 0, index < strings.count else {
            throw corrupt("string index \(index) is outside the block's string table (\(strings.count) entries)")
        }
        return String(decoding: strings[index], as: UTF8.self)
    }

    func degrees(_ value: Int64, offset: Int64) -> Double {
        // Divided (not multiplied by 1e-9) so that the result is the double nearest the exact
        // decimal, as parsing the same number from text gives.
        Double(offset &+ granularity &* value) / 1e9
    }

    func checkedPosition(id: Int64, lat: Double, lon: Double) throws -> (Double, Double) {
        guard (-90...90).contains(lat), (-180...180).contains(lon) else {
            throw corrupt("node \(id) has latitude \(lat), longitude \(lon): out of range")
        }
        return (lon, lat)
    }

    mutating func run() throws -> OSMBatch {
        guard granularity > 0 else { throw corrupt("granularity \(granularity) is not positive") }
        let wantsNodes = !nodeKeyIndexes.isEmpty || request.nodePositions != nil
        for group in block.primitiveGroup {
            batch.relationCount += group.relations.count
            batch.wayCount += group.ways.count
            batch.nodeCount += group.nodes.count
            if group.hasDense { batch.nodeCount += group.dense.id.count }
            if wantsNodes {
                for node in group.nodes { try plainNode(node) }
                if group.hasDense { try dense(group.dense) }
            }
            if !wayKeyIndexes.isEmpty {
                for way in group.ways { try self.way(way) }
            }
        }
        return batch
    }

    mutating func plainNode(_ node: Towngraph_Osmpbf_Node) throws {
        guard node.keys.count == node.vals.count else {
            throw corrupt("node \(node.id) has \(node.keys.count) tag keys but \(node.vals.count) values")
        }
        let lat = degrees(node.lat, offset: latOffset)
        let lon = degrees(node.lon, offset: lonOffset)
        if let set = request.nodePositions, let i = set.index(of: node.id) {
            let (x, y) = try checkedPosition(id: node.id, lat: lat, lon: lon)
            batch.positions.append((i, x, y))
        }
        if node.keys.contains(where: { nodeKeyIndexes.contains(Int($0)) }) {
            var tags = OSMTags()
            for (k, v) in zip(node.keys, node.vals) { tags[try string(Int(k))] = try string(Int(v)) }
            let (x, y) = try checkedPosition(id: node.id, lat: lat, lon: lon)
            batch.taggedNodes.append(OSMNode(id: node.id, lon: x, lat: y, tags: tags))
        }
    }

    mutating func dense(_ dense: Towngraph_Osmpbf_DenseNodes) throws {
        let n = dense.id.count
        guard dense.lat.count == n, dense.lon.count == n else {
            throw corrupt(
                "dense nodes with \(n) ids but \(dense.lat.count) latitudes and \(dense.lon.count) longitudes")
        }
        let keysVals = dense.keysVals
        let wantsTags = !nodeKeyIndexes.isEmpty && !keysVals.isEmpty
        var id: Int64 = 0
        var lat: Int64 = 0
        var lon: Int64 = 0
        var kv = 0
        for i in 0..<n {
            id = id &+ dense.id[i]
            lat = lat &+ dense.lat[i]
            lon = lon &+ dense.lon[i]
            if let set = request.nodePositions, let index = set.index(of: id) {
                let (x, y) = try checkedPosition(
                    id: id, lat: degrees(lat, offset: latOffset), lon: degrees(lon, offset: lonOffset))
                batch.positions.append((index, x, y))
            }
            guard wantsTags else { continue }
            // This node's tags run from kv to the next 0.
            let first = kv
            var matched = false
            while true {
                guard kv < keysVals.count else {
                    throw corrupt("dense node \(id): the keys_vals list ends without its 0 delimiter")
                }
                let k = Int(keysVals[kv])
                if k == 0 { break }
                guard kv + 1 < keysVals.count else { throw corrupt("dense node \(id): a tag key without its value") }
                if nodeKeyIndexes.contains(k) { matched = true }
                kv += 2
            }
            let last = kv
            kv += 1
            guard matched else { continue }
            var tags = OSMTags()
            var j = first
            while j < last {
                tags[try string(Int(keysVals[j]))] = try string(Int(keysVals[j + 1]))
                j += 2
            }
            let (x, y) = try checkedPosition(
                id: id, lat: degrees(lat, offset: latOffset), lon: degrees(lon, offset: lonOffset))
            batch.taggedNodes.append(OSMNode(id: id, lon: x, lat: y, tags: tags))
        }
    }

    mutating func way(_ way: Towngraph_Osmpbf_Way) throws {
        guard way.keys.contains(where: { wayKeyIndexes.contains(Int($0)) }) else { return }
        guard way.keys.count == way.vals.count else {
            throw corrupt("way \(way.id) has \(way.keys.count) tag keys but \(way.vals.count) values")
        }
        guard way.refs.count <= PBFFile.maxWayNodes else {
            throw OSMReadError(
                .oversized, path: path, location: location,
                "way \(way.id) has \(way.refs.count) node references; OpenStreetMap allows at most \(PBFFile.maxWayNodes)"
            )
        }
        var tags = OSMTags()
        for (k, v) in zip(way.keys, way.vals) { tags[try string(Int(k))] = try string(Int(v)) }
        var refs = [Int64]()
        refs.reserveCapacity(way.refs.count)
        var id: Int64 = 0
        for delta in way.refs {
            id = id &+ delta
            refs.append(id)
        }
        batch.ways.append(OSMWay(id: way.id, nodeIDs: refs, tags: tags))
    }
}
