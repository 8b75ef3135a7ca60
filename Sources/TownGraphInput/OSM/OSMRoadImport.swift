import Foundation
import GeoKit
import OSMKit
import TownGraphModel
import TownGraphRouting

/// Imports a road network from an OpenStreetMap file (PBF or XML).
///
/// Two passes over the file: the first collects the `highway` ways (and the
/// `highway=motorway_junction` nodes), the second the positions of the nodes those ways use.
/// Ways are then cut wherever a node is missing (an extract's edge) or outside `--bbox`,
/// split at every node two ways share (and at their ends) into links, and only the largest
/// connected component is kept unless asked otherwise. The network's links join only where
/// they share a node (no geometric noding), so bridges and tunnels stay apart.
public enum OSMRoadImport {
    /// The two passes over the file, named for a progress bar.
    public enum Phase: String, Sendable {
        case ways = "reading ways"
        case nodes = "reading node positions"
    }

    /// Imports `path`. `networkOptions` are the attachment and access options the network
    /// carries (a dataset's, when it has a network section); links always join where they
    /// share a node (``NetworkOptions/separateExpresswayLayer`` is turned off).
    public static func read(
        path: String, options: OSMImportOptions = OSMImportOptions(), networkOptions: NetworkOptions = NetworkOptions(),
        progress: ((Phase, Int, Int) -> Void)? = nil
    ) throws -> (network: RoadNetwork, summary: OSMImportSummary) {
        try options.validate()
        var importer = try Importer(path: path, options: options, networkOptions: networkOptions)
        try importer.readWays(progress: progress.map { p in { p(.ways, $0, $1) } })
        try importer.readPositions(progress: progress.map { p in { p(.nodes, $0, $1) } })
        try importer.cutAndSplit()
        importer.findComponents()
        try importer.makeLinks()
        importer.makeEntryPoints()
        return try importer.result()
    }
}

/// The import's state, step by step: ways, positions, pieces, components, links.
private struct Importer {
    let path: String
    let options: OSMImportOptions
    let networkOptions: NetworkOptions
    let file: OSMFile
    var summary = OSMImportSummary()
    let classes = OSMRoadTable.classes

    /// A highway way that gives a road: its nodes in travel order and what the link needs.
    struct KeptWay {
        let id: Int64
        let nodes: [Int64]
        let classIndex: Int
        let oneway: Bool
        let speed: Double?
        let ref: String?
        let name: String?
    }
    /// A link to be: a run of node indexes (into `needed`) of one way, between graph nodes.
    struct Piece {
        let way: Int
        let part: Int
        let nodes: [Int32]
    }

    var kept: [KeptWay] = []
    var junctions: [OSMNode] = []
    var nodeBlocks = Set<Int>()
    var needed = OSMNodeIDSet([])
    var lon: [Double] = [], lat: [Double] = []
    var pieces: [Piece] = []
    var partsOfWay: [Int] = []
    /// Graph nodes are positions (distinct nodes at one position join, as in the graph builder).
    var nodeOfPosition: [SIMD2<Double>: Int32] = [:]
    var components = UnionFind(count: 0)
    var ends: [(Int32, Int32)] = []
    /// What becomes of each piece.
    enum Fate { case link, smallerComponent, outsideStrong }
    var fate: [Fate] = []
    var links: [RoadLink] = []
    var interchanges: [Interchange] = []
    /// The OpenStreetMap node ids at each kept link's first and last position (travel order).
    var linkEnds: [(first: Int64, last: Int64)] = []

    init(path: String, options: OSMImportOptions, networkOptions: NetworkOptions) throws {
        self.path = path
        self.options = options
        self.networkOptions = networkOptions
        self.file = try OSMFile.open(path)
        InputFiles.record(path)
        summary.path = path
        summary.format = file.formatName
        summary.bytes = file.byteCount
    }

    var boxNote: String { options.bbox == nil ? "" : " and inside the box" }

    /// Pass 1: the highway ways and the motorway junction nodes.
    mutating func readWays(progress: ((Int, Int) -> Void)?) throws {
        let entries = Dictionary(uniqueKeysWithValues: OSMRoadTable.entries.enumerated().map { ($1.highway, $0) })
        let selected = Set(options.classes ?? OSMRoadTable.entries.map(\.highway))
        var summary = self.summary
        // What the pass may hold: node references of the kept ways, in proportion to the
        // file's size (a real extract stores a reference in about a byte).
        let budget =
            options.nodeRefBudget
            ?? max(OSMImportOptions.minimumNodeRefBudget, OSMImportOptions.nodeRefsPerByte * file.byteCount)
        var keptNodeRefs = 0
        let path = self.path
        let file = self.file
        var kept: [KeptWay] = []
        var junctions: [OSMNode] = []
        var nodeBlocks = Set<Int>()
        try file.read(OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"]), progress: progress) { batch in
            if batch.nodeCount > 0 { nodeBlocks.insert(batch.block) }
            summary.nodesRead += batch.nodeCount
            summary.waysRead += batch.wayCount
            summary.relationsRead += batch.relationCount
            junctions += batch.taggedNodes.filter { $0.tags["highway"] == "motorway_junction" }
            for way in batch.ways {
                summary.highwayWays += 1
                let highway = way.tags["highway"] ?? ""
                guard let ci = entries[highway] else {
                    summary.drop("not a road class (footway, service, track…)")
                    summary.notRoadValues[highway, default: 0] += 1
                    continue
                }
                guard selected.contains(highway) else {
                    summary.drop("class not chosen (--classes)")
                    continue
                }
                if let why = OSMRoadTable.exclusion(way.tags) {
                    summary.drop(why)
                    continue
                }
                guard way.nodeIDs.count >= 2 else {
                    summary.drop("fewer than two nodes")
                    continue
                }
                var speed: Double?
                if let m = way.tags["maxspeed"] {
                    speed = OSMRoadTable.maxspeed(m)
                    if speed == nil { summary.maxspeedIgnored += 1 } else { summary.maxspeedUsed += 1 }
                }
                keptNodeRefs += way.nodeIDs.count
                guard keptNodeRefs <= budget else {
                    throw OSMImportError.overBudget(
                        path: path, location: file.formatName == "PBF" ? "block \(batch.block)" : nil,
                        why: "its road ways hold more than \(budget) node references, the budget for a file of "
                            + "\(file.byteCount) bytes (\(OSMImportOptions.nodeRefsPerByte) per byte, at least "
                            + "\(OSMImportOptions.minimumNodeRefBudget); real extracts need under 1 per byte): "
                            + "the file is corrupt or made to exhaust memory")
                }
                let direction = OSMRoadTable.direction(way.tags)
                let nodes = direction == .backward ? Array(way.nodeIDs.reversed()) : way.nodeIDs
                kept.append(
                    KeptWay(
                        id: way.id, nodes: nodes, classIndex: ci, oneway: direction != nil, speed: speed,
                        ref: way.tags["ref"].flatMap { $0.isEmpty ? nil : $0 },
                        name: way.tags["name:zh"] ?? way.tags["name"]))
            }
        }
        kept.sort { $0.id < $1.id }
        guard !kept.isEmpty else {
            throw OSMImportError.noRoads(
                path: path,
                why: summary.highwayWays == 0
                    ? "the file has no highway ways (\(summary.waysRead) ways read)"
                    : "none of its \(summary.highwayWays) highway ways is a chosen road class (\(selected.sorted().joined(separator: ", ")))"
            )
        }
        self.summary = summary
        self.kept = kept
        self.junctions = junctions
        self.nodeBlocks = nodeBlocks
    }

    /// Pass 2: positions of the nodes the kept ways use, from the blocks that hold nodes.
    mutating func readPositions(progress: ((Int, Int) -> Void)?) throws {
        needed = OSMNodeIDSet(kept.lazy.flatMap(\.nodes))
        var lon = [Double](repeating: .nan, count: needed.count)
        var lat = [Double](repeating: .nan, count: needed.count)
        var request = OSMReadRequest(nodePositions: needed)
        request.onlyBlocks = nodeBlocks
        try file.read(request, progress: progress) { batch in
            for (i, x, y) in batch.positions {
                lon[i] = x
                lat[i] = y
            }
        }
        self.lon = lon
        self.lat = lat
    }

    func usable(_ i: Int) -> Bool {
        guard !lon[i].isNaN else { return false }
        guard let b = options.bbox else { return true }
        return lon[i] >= b.west && lon[i] <= b.east && lat[i] >= b.south && lat[i] <= b.north
    }

    /// Cuts ways into runs of usable nodes, then splits the runs at graph nodes (nodes used
    /// twice or more, and run ends) into pieces.
    mutating func cutAndSplit() throws {
        var runs: [(way: Int, nodes: [Int32])] = []
        for (wi, way) in kept.enumerated() {
            var current: [Int32] = []
            var cut = false
            for id in way.nodes {
                let i = needed.index(of: id)!
                if usable(i) {
                    current.append(Int32(i))
                    continue
                }
                cut = true
                if current.count >= 2 { runs.append((wi, current)) }
                current = []
            }
            if current.count >= 2 { runs.append((wi, current)) }
            if cut { summary.waysCut += 1 }
        }
        var uses = [UInt8](repeating: 0, count: needed.count)
        for run in runs {
            for i in run.nodes where uses[Int(i)] < 2 { uses[Int(i)] += 1 }
            uses[Int(run.nodes.first!)] = 2
            uses[Int(run.nodes.last!)] = 2
        }
        partsOfWay = [Int](repeating: 0, count: kept.count)
        for run in runs {
            var start = 0
            for k in 1..<run.nodes.count where uses[Int(run.nodes[k])] >= 2 {
                let nodes = Array(run.nodes[start...k])
                start = k
                // A piece with no length (two nodes at one position) is left out: its ends join anyway.
                guard Set(nodes.map { SIMD2(lon[Int($0)], lat[Int($0)]) }).count >= 2 else { continue }
                partsOfWay[run.way] += 1
                pieces.append(Piece(way: run.way, part: partsOfWay[run.way], nodes: nodes))
            }
        }
        let withPieces = Set(pieces.map(\.way))
        let none = kept.indices.count - withPieces.count
        if none > 0 {
            summary.drop(
                "no two nodes in the file\(options.bbox == nil ? "" : " and the box") (an extract's edge)", none)
        }
        guard !pieces.isEmpty else {
            throw OSMImportError.noRoads(
                path: path, why: "no way of a chosen class has two of its nodes in the file\(boxNote)")
        }
    }

    mutating func graphNode(_ i: Int32) -> Int32 {
        let key = SIMD2(lon[Int(i)], lat[Int(i)])
        if let n = nodeOfPosition[key] { return n }
        let n = components.add()
        nodeOfPosition[key] = n
        return n
    }

    /// Connected components (ignoring direction) and, inside what is kept, the largest
    /// strongly connected part; decides which pieces become links.
    mutating func findComponents() {
        for p in pieces {
            let a = graphNode(p.nodes.first!)
            let b = graphNode(p.nodes.last!)
            ends.append((a, b))
            components.union(a, b)
        }
        var size: [Int32: Int] = [:]
        for n in 0..<components.count { size[components.find(Int32(n)), default: 0] += 1 }
        summary.components = size.count
        let largest = size.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
        fate = pieces.indices.map {
            options.keepAllComponents || components.find(ends[$0].0) == largest ? .link : .smallerComponent
        }
        let strong = StronglyConnected.largest(
            nodeCount: components.count,
            arcs: pieces.indices.filter { fate[$0] == .link }.map {
                (ends[$0].0, ends[$0].1, kept[pieces[$0].way].oneway)
            })
        summary.stronglyConnectedNodes = strong.count
        var dropped = Set<Int32>()
        for pi in pieces.indices where fate[pi] == .smallerComponent { dropped.insert(components.find(ends[pi].0)) }
        summary.componentsDropped = dropped.count
        if options.stronglyConnected {
            for pi in pieces.indices
            where fate[pi] == .link && !(strong.contains(ends[pi].0) && strong.contains(ends[pi].1)) {
                fate[pi] = .outsideStrong
            }
        }
    }

    /// The links, measured in a metric CRS chosen for the extract (for the summary only:
    /// the graph builder measures in the dataset's CRS).
    mutating func makeLinks() throws {
        var west = Double.infinity
        var east = -Double.infinity
        var south = Double.infinity
        var north = -Double.infinity
        for e in nodeOfPosition.keys {
            west = min(west, e.x)
            east = max(east, e.x)
            south = min(south, e.y)
            north = max(north, e.y)
        }
        summary.metricCRS = MetricCRS.suggested(for: Coordinate(lon: (west + east) / 2, lat: (south + north) / 2))
        let projection = try MetricProjection(crs: summary.metricCRS)
        var km = [Double](repeating: 0, count: classes.count)
        var keptNodes = Set<Int32>()
        var keptWays = Set<Int>()
        for (pi, p) in pieces.enumerated() {
            let way = kept[p.way]
            let coordinates = p.nodes.map { Coordinate(lon: lon[Int($0)], lat: lat[Int($0)]) }
            let metric = try projection.project(.multiPoint(coordinates)).allCoordinates
            var metres = 0.0
            for k in 1..<metric.count { metres += hypot(metric[k].x - metric[k - 1].x, metric[k].y - metric[k - 1].y) }
            switch fate[pi] {
            case .link: break
            case .smallerComponent:
                summary.linksInDroppedComponents += 1
                summary.kilometresDropped += metres / 1000
                continue
            case .outsideStrong:
                summary.linksOutsideStrong += 1
                summary.kilometresOutsideStrong += metres / 1000
                continue
            }
            linkEnds.append((needed.ids[Int(p.nodes.first!)], needed.ids[Int(p.nodes.last!)]))
            keptNodes.insert(ends[pi].0)
            keptNodes.insert(ends[pi].1)
            keptWays.insert(p.way)
            km[way.classIndex] += metres / 1000
            if way.oneway { summary.onewayLinks += 1 }
            links.append(
                RoadLink(
                    id: partsOfWay[p.way] == 1 ? "w\(way.id)" : "w\(way.id).\(p.part)",
                    roadClass: classes[way.classIndex], ref: way.ref,
                    name: way.name, speedKmh: way.speed, oneway: way.oneway, status: .existing, circuity: 1,
                    modelled: false,
                    coordinates: coordinates, featureIndex: links.count))
        }
        let waysDropped = Set(pieces.map(\.way)).subtracting(keptWays).count
        if waysDropped > 0 {
            summary.drop(
                options.stronglyConnected
                    ? "only in smaller components or outside the largest strongly connected part"
                    : "only in smaller components (not the largest)", waysDropped)
        }
        summary.waysKept = keptWays.count
        summary.nodes = keptNodes.count
        summary.links = links.count
        summary.kilometresByClass = classes.indices.filter { km[$0] > 0 }.map { (classes[$0].id, km[$0]) }
        summary.motorwayRefs = Self.refs(links.filter { $0.roadClass.controlledAccess })
        summary.otherRefs = Self.refs(links.filter { !$0.roadClass.controlledAccess })
    }

    static func splitRefs(_ ref: String?) -> [String] {
        (ref ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func refs(_ chosen: [RoadLink]) -> [String] {
        Array(Set(chosen.flatMap { splitRefs($0.ref) })).sorted()
    }

    /// How far (metres) a `highway=motorway_junction` node may lie from an entry point to
    /// lend it its name.
    static let junctionLabelMetres = 2000.0

    /// Entry points: the nodes where a road a town can drive on joins a motorway, that is,
    /// where a motorway link ends and a non-motorway link (a `motorway_link` ramp, or an
    /// ordinary road where the data has no ramps) can arrive: a two-way link ending there, or
    /// a one-way link whose last node it is. The node where an off-ramp leaves is not one.
    /// Each takes the refs of the motorways through it and the name of the nearest motorway
    /// junction (an exit, `highway=motorway_junction`) within ``junctionLabelMetres``.
    mutating func makeEntryPoints() {
        var motorwayRefs: [Int64: Set<String>] = [:]
        var arrives = Set<Int64>()
        var position: [Int64: Coordinate] = [:]
        for (k, link) in links.enumerated() {
            let (a, b) = linkEnds[k]
            position[a] = link.coordinates.first!
            position[b] = link.coordinates.last!
            if link.roadClass.controlledAccess {
                let refs = Self.splitRefs(link.ref)
                motorwayRefs[a, default: []].formUnion(refs)
                motorwayRefs[b, default: []].formUnion(refs)
            } else {
                arrives.insert(b)
                if !link.oneway { arrives.insert(a) }
            }
        }
        let named = junctions.sorted { $0.id < $1.id }.compactMap { j -> (String, Coordinate)? in
            guard let name = j.tags["name:zh"] ?? j.tags["name"] ?? j.tags["ref"].map({ "exit \($0)" }) else {
                return nil
            }
            return (name, Coordinate(lon: j.lon, lat: j.lat))
        }
        for id in motorwayRefs.keys.filter({ arrives.contains($0) }).sorted() {
            let at = position[id]!
            let refs = motorwayRefs[id]!.sorted()
            let label = named.map { ($0.0, at.greatCircleKm(to: $0.1) * 1000) }.filter {
                $0.1 <= Self.junctionLabelMetres
            }
            .min { $0.1 < $1.1 }
            let name = label?.0 ?? "entry to \(refs.isEmpty ? "motorway" : refs.joined(separator: "/")) at node \(id)"
            interchanges.append(
                Interchange(
                    id: "n\(id)", name: name, refs: refs, location: at, approximate: false, status: .existing,
                    note: label.map {
                        String(format: "entry point; named after the motorway junction %.0f m away", $0.1)
                    }
                        ?? "entry point; no named motorway junction within \(Int(Self.junctionLabelMetres)) m",
                    featureIndex: links.count + interchanges.count))
        }
        summary.interchanges = interchanges.count
    }

    func result() throws -> (network: RoadNetwork, summary: OSMImportSummary) {
        guard !links.isEmpty else {
            throw OSMImportError.noRoads(
                path: path, why: "no way of a chosen class has two of its nodes in the file\(boxNote)")
        }
        var networkOptions = self.networkOptions
        networkOptions.separateExpresswayLayer = false
        let name = (path as NSString).lastPathComponent
        let network = RoadNetwork(
            description: "OpenStreetMap road network from \(name) (© OpenStreetMap contributors, ODbL)",
            source: path, classes: classes, links: links, interchanges: interchanges, options: networkOptions,
            credit: "© OpenStreetMap contributors (ODbL 1.0)")
        return (network, summary)
    }
}
