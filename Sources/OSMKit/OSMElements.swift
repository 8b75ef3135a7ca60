/// The tags of an OpenStreetMap element (`highway=primary`, `ref=G25`…).
public typealias OSMTags = [String: String]

/// A node as TownGraph reads it: id, position in WGS84 degrees and, when asked for, tags.
public struct OSMNode: Hashable, Sendable {
    public let id: Int64
    public let lon: Double
    public let lat: Double
    public let tags: OSMTags

    public init(id: Int64, lon: Double, lat: Double, tags: OSMTags = [:]) {
        self.id = id
        self.lon = lon
        self.lat = lat
        self.tags = tags
    }
}

/// A way: its id, the ids of its nodes in order, and its tags.
public struct OSMWay: Hashable, Sendable {
    public let id: Int64
    public let nodeIDs: [Int64]
    public let tags: OSMTags

    public init(id: Int64, nodeIDs: [Int64], tags: OSMTags) {
        self.id = id
        self.nodeIDs = nodeIDs
        self.tags = tags
    }
}

/// What a PBF file's `OSMHeader` block says about it.
public struct OSMFileHeader: Sendable {
    /// The bounding box the file declares, in degrees (west, south, east, north), if any.
    public var bounds: (west: Double, south: Double, east: Double, north: Double)?
    public var writingProgram: String?
    public var requiredFeatures: [String] = []

    public init() {}
}

/// A sorted set of node ids, searched by bisection: the nodes a reader should return
/// when only some are wanted (the nodes of the kept ways).
public struct OSMNodeIDSet: Sendable {
    public let ids: [Int64]

    /// Builds the set from ids in any order, with repeats.
    public init<S: Sequence>(_ ids: S) where S.Element == Int64 {
        var sorted = Array(ids)
        sorted.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(sorted.count)
        for id in sorted where unique.last != id { unique.append(id) }
        self.ids = unique
    }

    /// The index of `id` in ``ids``, or nil.
    @inline(__always)
    public func index(of id: Int64) -> Int? {
        var lo = 0
        var hi = ids.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? lo : nil
    }

    public var count: Int { ids.count }
}

/// What a read should collect. Everything is off by default; a road import asks for the
/// ways with a `highway` tag, the tagged nodes with a `highway` tag (junctions), and in a
/// second pass the positions of the nodes its ways use.
public struct OSMReadRequest: Sendable {
    /// Ways that carry one of these keys (empty: no ways).
    public var wayKeys: Set<String> = []
    /// Nodes carrying one of these keys, with their tags (empty: none).
    public var taggedNodeKeys: Set<String> = []
    /// Positions of these nodes (nil: none).
    public var nodePositions: OSMNodeIDSet?
    /// Read only these blocks (``OSMBatch/block`` numbers from an earlier read of the same
    /// file; nil: all). A second pass for node positions skips the blocks that held none.
    public var onlyBlocks: Set<Int>?

    public init(wayKeys: Set<String> = [], taggedNodeKeys: Set<String> = [], nodePositions: OSMNodeIDSet? = nil) {
        self.wayKeys = wayKeys
        self.taggedNodeKeys = taggedNodeKeys
        self.nodePositions = nodePositions
    }
}

/// What one block of a file gave for a request. Blocks arrive in file order.
public struct OSMBatch: Sendable {
    /// The block's number among the file's data blocks (XML files are one block, 0).
    public var block = 0
    /// The ways that matched ``OSMReadRequest/wayKeys``.
    public var ways: [OSMWay] = []
    /// The nodes that matched ``OSMReadRequest/taggedNodeKeys``.
    public var taggedNodes: [OSMNode] = []
    /// Positions of the nodes in ``OSMReadRequest/nodePositions``: the index in that set,
    /// longitude and latitude.
    public var positions: [(index: Int, lon: Double, lat: Double)] = []
    /// Counts of every element in the block, matched or not.
    public var nodeCount = 0
    public var wayCount = 0
    public var relationCount = 0

    public init() {}
}
