import Foundation
import GeoKit
import OSMKit

/// How OpenStreetMap `highway=*` values become TownGraph road classes: the default table.
///
/// Speeds are free-flow km/h for roads without a usable `maxspeed`. They follow the design
/// speeds of China's JTG B01-2014 (高速公路 120/100/80, 一级公路 100/80/60, 二级公路 80/60,
/// 三级公路 40/30, 四级公路 30/20) with the middle or lower value, since a plan's travel
/// time targets are about ordinary driving, and ramps at the usual 40-60 km/h ramp design
/// speeds. `docs/osm-import.md` gives the table and the tagging rules.
public enum OSMRoadTable {
    public struct Entry: Sendable {
        public let highway: String
        public let nameZh: String
        public let nameEn: String
        public let speedKmh: Double
        public let controlledAccess: Bool
        public let attachable: Bool
    }

    public static let entries: [Entry] = [
        Entry(highway: "motorway", nameZh: "高速公路", nameEn: "motorway (expressway)", speedKmh: 100, controlledAccess: true, attachable: false),
        Entry(highway: "trunk", nameZh: "干线公路（国道、城市快速路）", nameEn: "trunk road", speedKmh: 80, controlledAccess: false, attachable: true),
        Entry(highway: "primary", nameZh: "主要公路（省道、主干路）", nameEn: "primary road", speedKmh: 60, controlledAccess: false, attachable: true),
        Entry(highway: "secondary", nameZh: "次要公路（县道、次干路）", nameEn: "secondary road", speedKmh: 50, controlledAccess: false, attachable: true),
        Entry(highway: "tertiary", nameZh: "三级道路（乡道、支路）", nameEn: "tertiary road", speedKmh: 40, controlledAccess: false, attachable: true),
        Entry(highway: "unclassified", nameZh: "村道", nameEn: "unclassified road", speedKmh: 30, controlledAccess: false, attachable: true),
        Entry(highway: "residential", nameZh: "居住区道路", nameEn: "residential street", speedKmh: 25, controlledAccess: false, attachable: true),
        Entry(highway: "motorway_link", nameZh: "高速公路匝道", nameEn: "motorway ramp", speedKmh: 50, controlledAccess: false, attachable: false),
        Entry(highway: "trunk_link", nameZh: "干线公路连接道", nameEn: "trunk link", speedKmh: 40, controlledAccess: false, attachable: true),
        Entry(highway: "primary_link", nameZh: "主要公路连接道", nameEn: "primary link", speedKmh: 40, controlledAccess: false, attachable: true),
        Entry(highway: "secondary_link", nameZh: "次要公路连接道", nameEn: "secondary link", speedKmh: 30, controlledAccess: false, attachable: true),
        Entry(highway: "tertiary_link", nameZh: "三级道路连接道", nameEn: "tertiary link", speedKmh: 30, controlledAccess: false, attachable: true),
    ]

    /// The road classes of the table, in its order.
    public static var classes: [RoadClass] {
        entries.map { RoadClass(id: $0.highway, nameZh: $0.nameZh, nameEn: $0.nameEn, speedKmh: $0.speedKmh,
                                controlledAccess: $0.controlledAccess, attachable: $0.attachable) }
    }

    /// Reads a `maxspeed` value in km/h: "60", "60 km/h", "40 mph", "50;70" (their mean).
    /// Nil for values that give no number ("none", "signals", "CN:urban", "walk"…) or
    /// numbers outside 1-200 km/h.
    public static func maxspeed(_ value: String) -> Double? {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var speeds: [Double] = []
        for part in parts {
            var text = part
            var factor = 1.0
            for (unit, f) in [("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0), ("mph", 1.609344)] where text.hasSuffix(unit) {
                text = String(text.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
                factor = f
                break
            }
            guard let v = Double(text), v.isFinite, v > 0 else { return nil }
            let kmh = v * factor
            guard kmh <= 200 else { return nil }
            speeds.append(kmh)
        }
        return speeds.isEmpty ? nil : speeds.reduce(0, +) / Double(speeds.count)
    }

    /// Direction of travel from the tags: nil for two-way, `.forward` along the way's node
    /// order, `.backward` against it. `oneway=yes|true|1` and `-1|reverse` are explicit;
    /// `no|false|0`, `reversible` and `alternating` are two-way; otherwise motorways, their
    /// ramps and roundabouts (`junction=roundabout|circular`) are one-way forward.
    public enum Direction: Sendable { case forward, backward }

    public static func direction(_ tags: OSMTags) -> Direction? {
        switch tags["oneway"]?.lowercased() {
        case "yes", "true", "1": return .forward
        case "-1", "reverse": return .backward
        case "no", "false", "0", "reversible", "alternating": return nil
        default:
            if tags["highway"] == "motorway" || tags["highway"] == "motorway_link" { return .forward }
            if let j = tags["junction"], j == "roundabout" || j == "circular" { return .forward }
            return nil
        }
    }

    /// Why a highway way gives no road, or nil when it does.
    static func exclusion(_ tags: OSMTags) -> String? {
        if tags["area"] == "yes" { return "an area (area=yes)" }
        let open: Set<String> = ["yes", "designated", "permissive", "destination", "customers", "delivery", "agricultural"]
        for key in ["motorcar", "motor_vehicle"] {
            if let v = tags[key] { return open.contains(v) ? nil : (v == "no" || v == "private" ? "closed to cars (\(key)=\(v))" : nil) }
        }
        if let v = tags["access"], v == "no" || v == "private" { return "closed to cars (access=\(v))" }
        return nil
    }
}

/// Choices for an OpenStreetMap import.
public struct OSMImportOptions: Sendable {
    /// The `highway` values to keep (nil: every class of the table).
    public var classes: [String]?
    /// Keep only what lies in this box (west, south, east, north); ways are cut at its edge.
    public var bbox: (west: Double, south: Double, east: Double, north: Double)?
    /// Keep every connected component, not only the largest.
    public var keepAllComponents = false
    /// Keep only the largest strongly connected part (every node reaches every other along
    /// one-way streets), dropping one-way traps such as streets cut at an extract's edge.
    public var stronglyConnected = false

    public init(classes: [String]? = nil, bbox: (west: Double, south: Double, east: Double, north: Double)? = nil, keepAllComponents: Bool = false,
                stronglyConnected: Bool = false) {
        self.classes = classes
        self.bbox = bbox
        self.keepAllComponents = keepAllComponents
        self.stronglyConnected = stronglyConnected
    }

    /// Checks the options before any reading.
    public func validate() throws {
        if let classes {
            let known = Set(OSMRoadTable.entries.map(\.highway))
            for c in classes where !known.contains(c) {
                throw OSMImportError.badOption("unknown road class \"\(c)\"; the classes are \(OSMRoadTable.entries.map(\.highway).joined(separator: ", "))")
            }
            if classes.isEmpty { throw OSMImportError.badOption("no road class chosen") }
        }
        if keepAllComponents && stronglyConnected {
            throw OSMImportError.badOption("keeping every component and only the largest strongly connected part contradict each other")
        }
        if let b = bbox {
            let values = [b.west, b.south, b.east, b.north]
            guard values.allSatisfy(\.isFinite), (-180...180).contains(b.west), (-180...180).contains(b.east),
                  (-90...90).contains(b.south), (-90...90).contains(b.north) else {
                throw OSMImportError.badOption("the bounding box must be longitudes and latitudes in degrees: W,S,E,N")
            }
            guard b.west < b.east, b.south < b.north else {
                throw OSMImportError.badOption("the bounding box must have west < east and south < north (W,S,E,N)")
            }
        }
    }
}

public enum OSMImportError: Error, CustomStringConvertible, Equatable {
    case badOption(String)
    case noRoads(path: String, why: String)

    public var description: String {
        switch self {
        case let .badOption(m): return m
        case let .noRoads(path, why): return "\(path): no road network: \(why)"
        }
    }
}

/// What an import read, kept and dropped: the summary `towngraph network import` prints.
public struct OSMImportSummary: Sendable {
    public var path = ""
    public var format = ""
    public var bytes = 0
    public var nodesRead = 0
    public var waysRead = 0
    public var relationsRead = 0
    /// Ways with a `highway` tag.
    public var highwayWays = 0
    /// Ways that gave at least one link.
    public var waysKept = 0
    /// Ways dropped, by reason, in the order the reasons first occurred.
    public var dropped: [(reason: String, count: Int)] = []
    /// Among ways that were not a road class: how many of each `highway` value.
    public var notRoadValues: [String: Int] = [:]
    /// Ways cut where nodes were missing from the file or outside the box (a clipped extract).
    public var waysCut = 0
    /// Ways whose `maxspeed` was used, and those whose value gave no speed.
    public var maxspeedUsed = 0
    public var maxspeedIgnored = 0
    public var onewayLinks = 0
    /// Junctions and way ends (the graph's road nodes) and links (edges between them).
    public var nodes = 0
    public var links = 0
    /// Connected components found, and what was dropped with the smaller ones.
    public var components = 0
    public var componentsDropped = 0
    public var linksInDroppedComponents = 0
    public var kilometresDropped = 0.0
    /// Nodes of the largest strongly connected part of what is kept (every node of it
    /// reaches every other): fewer than ``nodes`` when one-way streets trap some.
    public var stronglyConnectedNodes = 0
    /// Links and kilometres dropped by the strongly-connected option.
    public var linksOutsideStrong = 0
    public var kilometresOutsideStrong = 0.0
    public var interchanges = 0
    /// Kilometres of road by class id, in the table's order.
    public var kilometresByClass: [(classId: String, km: Double)] = []
    /// Distinct `ref`s on motorways (G25, S7201…).
    public var motorwayRefs: [String] = []
    /// Distinct `ref`s on the other roads (国道 G104, 省道 S227…).
    public var otherRefs: [String] = []
    public var metricCRS = ""

    mutating func drop(_ reason: String, _ n: Int = 1) {
        if let i = dropped.firstIndex(where: { $0.reason == reason }) { dropped[i].count += n } else { dropped.append((reason, n)) }
    }
}

/// Imports a road network from an OpenStreetMap file (PBF or XML).
///
/// Two passes over the file: the first collects the `highway` ways (and the
/// `highway=motorway_junction` nodes), the second the positions of the nodes those ways use.
/// Ways are then cut wherever a node is missing (an extract's edge) or outside `--bbox`,
/// split at every node two ways share (and at their ends) into links, and only the largest
/// connected component is kept unless asked otherwise. The network's links join only where
/// they share a node (no geometric noding), so bridges and tunnels stay apart.
public enum OSMRoadImport {
    public enum Phase: String, Sendable { case ways = "reading ways", nodes = "reading node positions" }

    public static func read(path: String, options: OSMImportOptions = OSMImportOptions(),
                            progress: ((Phase, Int, Int) -> Void)? = nil) throws -> (network: RoadNetwork, summary: OSMImportSummary) {
        try options.validate()
        let file = try OSMFile.open(path)
        var summary = OSMImportSummary()
        summary.path = path
        summary.format = file.formatName
        summary.bytes = file.byteCount

        let entries = Dictionary(uniqueKeysWithValues: OSMRoadTable.entries.enumerated().map { ($1.highway, $0) })
        let selected = Set(options.classes ?? OSMRoadTable.entries.map(\.highway))

        // Pass 1: ways and junction nodes.
        struct KeptWay { let id: Int64; let nodes: [Int64]; let classIndex: Int; let oneway: Bool; let speed: Double?; let ref: String?; let name: String? }
        var kept: [KeptWay] = []
        var junctions: [OSMNode] = []
        var nodeBlocks = Set<Int>()
        try file.read(OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"]), progress: progress.map { p in { p(.ways, $0, $1) } }) { batch in
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
                guard selected.contains(highway) else { summary.drop("class not chosen (--classes)"); continue }
                if let why = OSMRoadTable.exclusion(way.tags) { summary.drop(why); continue }
                guard way.nodeIDs.count >= 2 else { summary.drop("fewer than two nodes"); continue }
                var speed: Double?
                if let m = way.tags["maxspeed"] {
                    speed = OSMRoadTable.maxspeed(m)
                    if speed == nil { summary.maxspeedIgnored += 1 } else { summary.maxspeedUsed += 1 }
                }
                let direction = OSMRoadTable.direction(way.tags)
                let nodes = direction == .backward ? Array(way.nodeIDs.reversed()) : way.nodeIDs
                kept.append(KeptWay(id: way.id, nodes: nodes, classIndex: ci, oneway: direction != nil, speed: speed,
                                    ref: way.tags["ref"].flatMap { $0.isEmpty ? nil : $0 }, name: way.tags["name:zh"] ?? way.tags["name"]))
            }
        }
        kept.sort { $0.id < $1.id }
        guard !kept.isEmpty else {
            throw OSMImportError.noRoads(path: path, why: summary.highwayWays == 0
                ? "the file has no highway ways (\(summary.waysRead) ways read)"
                : "none of its \(summary.highwayWays) highway ways is a chosen road class (\(selected.sorted().joined(separator: ", ")))")
        }

        // Pass 2: positions of the nodes the kept ways use.
        let needed = OSMNodeIDSet(kept.lazy.flatMap(\.nodes))
        var lon = [Double](repeating: .nan, count: needed.count)
        var lat = [Double](repeating: .nan, count: needed.count)
        var positionsRequest = OSMReadRequest(nodePositions: needed)
        positionsRequest.onlyBlocks = nodeBlocks
        try file.read(positionsRequest, progress: progress.map { p in { p(.nodes, $0, $1) } }) { batch in
            for (i, x, y) in batch.positions { lon[i] = x; lat[i] = y }
        }
        func usable(_ i: Int) -> Bool {
            guard !lon[i].isNaN else { return false }
            guard let b = options.bbox else { return true }
            return lon[i] >= b.west && lon[i] <= b.east && lat[i] >= b.south && lat[i] <= b.north
        }

        // Cut ways into runs of usable nodes, and count node uses.
        struct Run { let way: Int; let nodes: [Int32] }
        var runs: [Run] = []
        var uses = [UInt8](repeating: 0, count: needed.count)
        for (wi, way) in kept.enumerated() {
            var current: [Int32] = []
            var cut = false
            func close() {
                if current.count >= 2 { runs.append(Run(way: wi, nodes: current)) }
                current = []
            }
            for id in way.nodes {
                let i = needed.index(of: id)!
                if usable(i) { current.append(Int32(i)) } else { cut = true; close() }
            }
            close()
            if cut { summary.waysCut += 1 }
        }
        for run in runs {
            for i in run.nodes { uses[Int(i)] = uses[Int(i)] &+ (uses[Int(i)] < 2 ? 1 : 0) }
            // A run's ends are nodes of the graph.
            uses[Int(run.nodes.first!)] = 2
            uses[Int(run.nodes.last!)] = 2
        }

        // Split runs at shared nodes into links (node index lists).
        struct Piece { let way: Int; let part: Int; let nodes: [Int32] }
        var pieces: [Piece] = []
        var partsOfWay = [Int](repeating: 0, count: kept.count)
        for run in runs {
            var start = 0
            for k in 1..<run.nodes.count where uses[Int(run.nodes[k])] >= 2 {
                let nodes = Array(run.nodes[start...k])
                start = k
                // Zero-length pieces (two nodes at one position) join their ends anyway.
                guard Set(nodes.map { SIMD2(lon[Int($0)], lat[Int($0)]) }).count >= 2 else { continue }
                partsOfWay[run.way] += 1
                pieces.append(Piece(way: run.way, part: partsOfWay[run.way], nodes: nodes))
            }
        }
        let waysWithPieces = Set(pieces.map(\.way))
        let noneUsable = kept.indices.filter { !waysWithPieces.contains($0) }.count
        if noneUsable > 0 { summary.drop("no two nodes in the file\(options.bbox == nil ? "" : " and the box") (an extract's edge)", noneUsable) }

        guard !pieces.isEmpty else {
            throw OSMImportError.noRoads(path: path, why: "no way of a chosen class has two of its nodes in the file\(options.bbox == nil ? "" : " and inside the box")")
        }

        // Components over graph nodes (ends of pieces); positions merge identical coordinates,
        // as the graph builder does.
        var nodeOfPosition: [SIMD2<Double>: Int32] = [:]
        var parent: [Int32] = []
        func graphNode(_ i: Int32) -> Int32 {
            let key = SIMD2(lon[Int(i)], lat[Int(i)])
            if let n = nodeOfPosition[key] { return n }
            let n = Int32(parent.count)
            parent.append(n)
            nodeOfPosition[key] = n
            return n
        }
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x { parent[Int(x)] = parent[Int(parent[Int(x)])]; x = parent[Int(x)] }
            return x
        }
        var ends: [(Int32, Int32)] = []
        for p in pieces {
            let a = graphNode(p.nodes.first!), b = graphNode(p.nodes.last!)
            ends.append((a, b))
            let ra = find(a), rb = find(b)
            if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
        }
        var size: [Int32: Int] = [:]
        for n in parent.indices { size[find(Int32(n)), default: 0] += 1 }
        summary.components = size.count
        let largest = size.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key

        // Links, measured in a metric CRS for the summary.
        var west = Double.infinity, east = -Double.infinity, south = Double.infinity, north = -Double.infinity
        for p in pieces {
            for i in [p.nodes.first!, p.nodes.last!] {
                west = min(west, lon[Int(i)]); east = max(east, lon[Int(i)])
                south = min(south, lat[Int(i)]); north = max(north, lat[Int(i)])
            }
        }
        let centre = Coordinate(lon: (west + east) / 2, lat: (south + north) / 2)
        summary.metricCRS = MetricCRS.suggested(for: centre)
        let projection = try MetricProjection(crs: summary.metricCRS)
        let classes = OSMRoadTable.classes
        var links: [RoadLink] = []
        var km = [Double](repeating: 0, count: classes.count)
        var keptNodes = Set<Int32>()
        var droppedComponents = Set<Int32>()
        var keptWays = Set<Int>()
        let inComponent = pieces.indices.map { options.keepAllComponents || find(ends[$0].0) == largest }
        let strong = Self.largestStronglyConnected(nodeCount: parent.count, arcs: pieces.indices.filter { inComponent[$0] }.map {
            (ends[$0].0, ends[$0].1, kept[pieces[$0].way].oneway)
        })
        summary.stronglyConnectedNodes = strong.count
        for (pi, p) in pieces.enumerated() {
            let way = kept[p.way]
            let coordinates = p.nodes.map { Coordinate(lon: lon[Int($0)], lat: lat[Int($0)]) }
            let metres = try projection.lengthMetres(.lineString(coordinates))
            if !inComponent[pi] {
                droppedComponents.insert(find(ends[pi].0))
                summary.linksInDroppedComponents += 1
                summary.kilometresDropped += metres / 1000
                continue
            }
            if options.stronglyConnected && !(strong.contains(ends[pi].0) && strong.contains(ends[pi].1)) {
                summary.linksOutsideStrong += 1
                summary.kilometresOutsideStrong += metres / 1000
                continue
            }
            keptNodes.insert(ends[pi].0); keptNodes.insert(ends[pi].1)
            keptWays.insert(p.way)
            km[way.classIndex] += metres / 1000
            if way.oneway { summary.onewayLinks += 1 }
            let single = partsOfWay[p.way] == 1
            links.append(RoadLink(
                id: single ? "w\(way.id)" : "w\(way.id).\(p.part)", roadClass: classes[way.classIndex], ref: way.ref, name: way.name,
                speedKmh: way.speed, oneway: way.oneway, status: .existing, circuity: 1, modelled: false,
                coordinates: coordinates, featureIndex: links.count))
        }
        summary.componentsDropped = droppedComponents.count
        let waysOnlyInDropped = waysWithPieces.subtracting(keptWays).count
        if waysOnlyInDropped > 0 {
            summary.drop(options.stronglyConnected ? "only in smaller components or outside the largest strongly connected part"
                                                   : "only in smaller components (not the largest)", waysOnlyInDropped)
        }
        summary.waysKept = keptWays.count
        summary.nodes = keptNodes.count
        summary.links = links.count
        summary.kilometresByClass = classes.indices.filter { km[$0] > 0 }.map { (classes[$0].id, km[$0]) }
        func refs(_ chosen: [RoadLink]) -> [String] {
            Array(Set(chosen.compactMap(\.ref).flatMap { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty })).sorted()
        }
        summary.motorwayRefs = refs(links.filter { $0.roadClass.controlledAccess })
        summary.otherRefs = refs(links.filter { !$0.roadClass.controlledAccess })

        // Interchanges: motorway junction nodes on a kept motorway.
        var motorwayRefsAt: [SIMD2<Double>: Set<String>] = [:]
        for link in links where link.roadClass.controlledAccess {
            let refs = (link.ref ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for c in link.coordinates { motorwayRefsAt[SIMD2(c.lon, c.lat), default: []].formUnion(refs) }
        }
        var interchanges: [Interchange] = []
        for j in junctions.sorted(by: { $0.id < $1.id }) {
            guard let refs = motorwayRefsAt[SIMD2(j.lon, j.lat)] else { continue }
            let name = j.tags["name:zh"] ?? j.tags["name"] ?? j.tags["ref"].map { "exit \($0)" } ?? "junction \(j.id)"
            interchanges.append(Interchange(id: "n\(j.id)", name: name, refs: refs.sorted(), location: Coordinate(lon: j.lon, lat: j.lat),
                                            approximate: false, status: .existing, note: nil, featureIndex: links.count + interchanges.count))
        }
        summary.interchanges = interchanges.count

        guard !links.isEmpty else {
            throw OSMImportError.noRoads(path: path, why: "no way of a chosen class has two of its nodes in the file\(options.bbox == nil ? "" : " and inside the box")")
        }
        var networkOptions = NetworkOptions()
        networkOptions.separateExpresswayLayer = false
        let name = (path as NSString).lastPathComponent
        let network = RoadNetwork(
            description: "OpenStreetMap road network from \(name) (© OpenStreetMap contributors, ODbL)",
            source: path, classes: classes, links: links, interchanges: interchanges, options: networkOptions)
        return (network, summary)
    }

    /// The nodes of the largest strongly connected component of a directed graph given as
    /// arcs (from, to, oneway; a two-way arc goes both ways). Tarjan's algorithm, iterative.
    static func largestStronglyConnected(nodeCount n: Int, arcs: [(Int32, Int32, Bool)]) -> Set<Int32> {
        var degree = [Int32](repeating: 0, count: n + 1)
        for (a, b, oneway) in arcs { degree[Int(a)] += 1; if !oneway { degree[Int(b)] += 1 } }
        var start = [Int32](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + degree[i] }
        var fill = start
        var target = [Int32](repeating: 0, count: Int(start[n]))
        for (a, b, oneway) in arcs {
            target[Int(fill[Int(a)])] = b; fill[Int(a)] += 1
            if !oneway { target[Int(fill[Int(b)])] = a; fill[Int(b)] += 1 }
        }
        var index = [Int32](repeating: -1, count: n), low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int32] = [], work: [(node: Int32, next: Int32)] = []
        var counter: Int32 = 0
        var best: [Int32] = []
        for root in 0..<Int32(n) where index[Int(root)] < 0 {
            work.append((root, start[Int(root)]))
            index[Int(root)] = counter; low[Int(root)] = counter; counter += 1
            stack.append(root); onStack[Int(root)] = true
            while let (v, next) = work.last {
                if next < start[Int(v) + 1] {
                    work[work.count - 1].next += 1
                    let w = target[Int(next)]
                    if index[Int(w)] < 0 {
                        index[Int(w)] = counter; low[Int(w)] = counter; counter += 1
                        stack.append(w); onStack[Int(w)] = true
                        work.append((w, start[Int(w)]))
                    } else if onStack[Int(w)] {
                        low[Int(v)] = min(low[Int(v)], index[Int(w)])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[Int(parent)] = min(low[Int(parent)], low[Int(v)]) }
                if low[Int(v)] == index[Int(v)] {
                    var component: [Int32] = []
                    while true {
                        let w = stack.removeLast()
                        onStack[Int(w)] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > best.count { best = component }
                }
            }
        }
        return Set(best)
    }
}
