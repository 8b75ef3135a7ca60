import GeoKit

/// How a class of links carries people: by road, or by rail between stations.
public enum TransportMode: String, Hashable, Sendable, CaseIterable {
    case road, rail
}

/// A class of road a dataset declares (高速公路, 国道, 县道…), with the speed that links of the
/// class run at unless a link says otherwise. A rail line (高速铁路) is a class too, of mode
/// ``TransportMode/rail``: controlled access, entered only at its stations (interchange
/// features), and never counted as an expressway.
public struct RoadClass: Hashable, Sendable, Identifiable {
    public let id: String
    public let nameZh: String
    public let nameEn: String
    /// Free-flow speed in km/h for links that give none.
    public let speedKmh: Double
    /// Controlled access (expressways, rail lines): entered and left only at interchanges.
    public let controlledAccess: Bool
    /// Whether settlements may attach to roads of this class.
    public let attachable: Bool
    public let mode: TransportMode
    /// A plausible range of average speeds for the class (low to high, km/h), when the
    /// dataset gives one: `check` tells whether a verdict holds over the whole range.
    public let speedRangeKmh: ClosedRange<Double>?

    public init(
        id: String, nameZh: String, nameEn: String, speedKmh: Double, controlledAccess: Bool, attachable: Bool,
        mode: TransportMode = .road, speedRangeKmh: ClosedRange<Double>? = nil
    ) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.speedKmh = speedKmh
        self.controlledAccess = controlledAccess
        self.attachable = attachable
        self.mode = mode
        self.speedRangeKmh = speedRangeKmh
    }

    /// The class's speed at `fraction` of its range (0: the low end, 1: the high end); its
    /// own speed when it has no range.
    public func speed(atFraction fraction: Double) -> Double {
        guard let r = speedRangeKmh else { return speedKmh }
        return r.lowerBound + fraction * (r.upperBound - r.lowerBound)
    }

    /// The same class running at another speed.
    public func running(at kmh: Double) -> RoadClass {
        RoadClass(
            id: id, nameZh: nameZh, nameEn: nameEn, speedKmh: kmh, controlledAccess: controlledAccess,
            attachable: attachable, mode: mode, speedRangeKmh: speedRangeKmh)
    }

    /// An expressway: a controlled-access road (not a rail line).
    public var isExpressway: Bool { controlledAccess && mode == .road }
}

/// Whether a link exists today or is planned, with the year it is due.
public enum LinkStatus: Hashable, Sendable, CustomStringConvertible {
    case existing
    case planned(year: Int)

    /// Whether the link is part of the network in a scenario (nil: today's network).
    public func isIncluded(inScenario year: Int?) -> Bool {
        switch self {
        case .existing: return true
        case .planned(let due): return year.map { due <= $0 } ?? false
        }
    }

    public var description: String {
        switch self {
        case .existing: return "existing"
        case .planned(let year): return "planned \(year)"
        }
    }
}

/// One road link: a LineString with its class, reference, speed and status.
public struct RoadLink: Hashable, Sendable, Identifiable {
    public let id: String
    public let roadClass: RoadClass
    /// Route number (G25, S7201…), when known.
    public let ref: String?
    public let name: String?
    /// The link's own speed in km/h; the class speed applies when nil.
    public let speedKmh: Double?
    public let oneway: Bool
    public let status: LinkStatus
    /// How much longer the real road is than the drawn line (1.0 for a true alignment; a
    /// schematic straight link carries the circuity factor it was drawn with).
    public let circuity: Double
    /// True when the link is modelled (schematic), not surveyed.
    public let modelled: Bool
    public let coordinates: [Coordinate]
    public let featureIndex: Int

    public var effectiveSpeedKmh: Double { speedKmh ?? roadClass.speedKmh }

    public init(
        id: String, roadClass: RoadClass, ref: String?, name: String?, speedKmh: Double?, oneway: Bool,
        status: LinkStatus, circuity: Double, modelled: Bool, coordinates: [Coordinate], featureIndex: Int
    ) {
        self.id = id
        self.roadClass = roadClass
        self.ref = ref
        self.name = name
        self.speedKmh = speedKmh
        self.oneway = oneway
        self.status = status
        self.circuity = circuity
        self.modelled = modelled
        self.coordinates = coordinates
        self.featureIndex = featureIndex
    }
}

/// A point where a controlled-access road may be entered or left (互通立交), or a station
/// where a rail line is boarded.
public struct Interchange: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String
    /// The routes it serves.
    public let refs: [String]
    public let location: Coordinate
    /// True when the position is approximate (placed at its named place).
    public let approximate: Bool
    public let status: LinkStatus
    public let note: String?
    public let featureIndex: Int

    public init(
        id: String, name: String, refs: [String], location: Coordinate, approximate: Bool, status: LinkStatus,
        note: String?, featureIndex: Int
    ) {
        self.id = id
        self.name = name
        self.refs = refs
        self.location = location
        self.approximate = approximate
        self.status = status
        self.note = note
        self.featureIndex = featureIndex
    }
}

/// A road network as read from a file and validated: classes, links and interchanges.
/// A ``TravelGraph`` is built from it for a scenario.
public struct RoadNetwork: Sendable {
    /// The network's name within its dataset (`schematic`, `osm-major-roads`), or the file
    /// name of a network given as a file.
    public let name: String
    /// What the network is, for reports ("schematic network of Dongying, modelled…").
    public let description: String
    /// The file it was read from.
    public let source: String
    /// Where the data comes from and the credit its licence asks for, when the file or the
    /// manifest says.
    public let credit: String?
    public let classes: [RoadClass]
    public let links: [RoadLink]
    public let interchanges: [Interchange]
    public let options: NetworkOptions

    /// Whether any link is modelled rather than surveyed.
    public var isModelled: Bool { links.contains { $0.modelled } }

    /// The name of the foreign member in which a network GeoJSON file declares its road
    /// classes (RFC 7946 section 6.1), so that the file reads without a dataset.
    public static let geoJSONMember = "towngraph"

    /// Planned years present in the network, ascending.
    public var plannedYears: [Int] {
        Array(
            Set(
                links.compactMap {
                    if case .planned(let y) = $0.status { return y }
                    return nil
                })
        ).sorted()
    }

    public init(
        description: String, source: String, classes: [RoadClass], links: [RoadLink], interchanges: [Interchange],
        options: NetworkOptions, name: String? = nil, credit: String? = nil
    ) {
        self.name = name ?? String(source.split(separator: "/").last ?? Substring(source))
        self.credit = credit
        self.description = description
        self.source = source
        self.classes = classes
        self.links = links
        self.interchanges = interchanges
        self.options = options
    }

    /// How reports name the network: its name and what it is.
    public var label: String { "network \(name) (\(description))" }

    /// Whether any class gives a speed range.
    public var hasSpeedRanges: Bool { classes.contains { $0.speedRangeKmh != nil } }

    /// The network with every class that has a speed range running at `fraction` of it (0:
    /// all at their low ends, 1: all at their high ends). A link with a speed of its own
    /// changes in the same proportion as its class.
    public func atSpeedFraction(_ fraction: Double) -> RoadNetwork {
        let classes = self.classes.map { $0.running(at: $0.speed(atFraction: fraction)) }
        let byId = Dictionary(classes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let links = self.links.map { l -> RoadLink in
            let c = byId[l.roadClass.id] ?? l.roadClass
            return RoadLink(
                id: l.id, roadClass: c, ref: l.ref, name: l.name,
                speedKmh: l.speedKmh.map { $0 * c.speedKmh / l.roadClass.speedKmh }, oneway: l.oneway,
                status: l.status, circuity: l.circuity, modelled: l.modelled, coordinates: l.coordinates,
                featureIndex: l.featureIndex)
        }
        return RoadNetwork(
            description: description, source: source, classes: classes, links: links, interchanges: interchanges,
            options: options, name: name, credit: credit)
    }
}

/// How a network is turned into a routable graph and how places attach to it.
public struct NetworkOptions: Hashable, Sendable {
    /// Vertices closer than this (metres) are merged into one node; 0 merges only
    /// identical coordinates.
    public var snapToleranceMetres: Double = 0
    /// How far an interchange point may lie from the expressway and ordinary nodes it joins.
    public var interchangeToleranceMetres: Double = 50
    /// Speed of the access leg from a settlement to its attachment point.
    public var accessSpeedKmh: Double = 30
    /// Places farther than this from any attachable road are flagged, not attached.
    public var maxAttachMetres: Double = 5000
    /// Speed on interchange ramps (the leg between the expressway and the ordinary road).
    public var rampSpeedKmh: Double = 40
    /// Whether expressway vertices join only other expressway vertices, so that ordinary
    /// roads reach an expressway only through interchange ramps. True for schematic networks
    /// (an expressway drawn through a town must not be entered there); false for networks
    /// whose topology is surveyed, such as OpenStreetMap, where roads meet exactly where they
    /// share a node and ramps are roads of their own.
    public var separateExpresswayLayer = true

    public init() {}
}

/// One network a dataset declares in its manifest: its name, file, classes and options.
public struct NetworkSpec: Sendable {
    /// The name `--network` picks it by (`schematic`, `osm-major-roads`).
    public let id: String
    /// The network file's path; empty when the dataset ships no network (its road classes
    /// still say how to read one given with `--network`).
    public let file: String
    public var shipsNetwork: Bool { !file.isEmpty }
    public let description: String
    public let classes: [RoadClass]
    public let options: NetworkOptions
    /// Where the data comes from and the credit its licence asks for.
    public let credit: String?
    /// The rules the network was made by (how an untagged graph got its classes…), as the
    /// manifest states them.
    public let rules: [String]
    /// For a file GDAL reads: the layer of a multi-layer file, the CRS when the file gives
    /// none, and a Shapefile's attribute encoding.
    public var layer: String?
    public var crs: String?
    public var encoding: String?

    public init(
        id: String = "default", file: String, description: String, classes: [RoadClass], options: NetworkOptions,
        credit: String? = nil, rules: [String] = []
    ) {
        self.id = id
        self.file = file
        self.description = description
        self.classes = classes
        self.options = options
        self.credit = credit
        self.rules = rules
    }
}
