import Foundation
import TownGraphModel

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

    public init(
        classes: [String]? = nil, bbox: (west: Double, south: Double, east: Double, north: Double)? = nil,
        keepAllComponents: Bool = false,
        stronglyConnected: Bool = false
    ) {
        self.classes = classes
        self.bbox = bbox
        self.keepAllComponents = keepAllComponents
        self.stronglyConnected = stronglyConnected
    }

    /// The node references the import may hold; nil: ``nodeRefsPerByte`` per byte of the file,
    /// at least ``minimumNodeRefBudget``.
    public var nodeRefBudget: Int?

    /// The memory budget of an import: the node references its road ways may hold, per byte
    /// of the file and at least. Real extracts use well under one reference per byte.
    public static let nodeRefsPerByte = 4
    public static let minimumNodeRefBudget = 2_000_000

    /// Checks the options before any reading.
    public func validate() throws {
        if let classes {
            let known = Set(OSMRoadTable.entries.map(\.highway))
            for c in classes where !known.contains(c) {
                throw OSMImportError.badOption(
                    "unknown road class \"\(c)\"; the classes are \(OSMRoadTable.entries.map(\.highway).joined(separator: ", "))"
                )
            }
            if classes.isEmpty { throw OSMImportError.badOption("no road class chosen") }
        }
        if keepAllComponents && stronglyConnected {
            throw OSMImportError.badOption(
                "keeping every component and only the largest strongly connected part contradict each other")
        }
        if let b = bbox {
            let values = [b.west, b.south, b.east, b.north]
            guard values.allSatisfy(\.isFinite), (-180...180).contains(b.west), (-180...180).contains(b.east),
                (-90...90).contains(b.south), (-90...90).contains(b.north)
            else {
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
    /// The file would make the import hold more than its budget.
    case overBudget(path: String, location: String?, why: String)

    public var description: String {
        switch self {
        case .badOption(let m): return m
        case .noRoads(let path, let why): return "\(path): no road network: \(why)"
        case .overBudget(let path, let location, let why): return "\(path)\(location.map { ", \($0)" } ?? ""): \(why)"
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
        if let i = dropped.firstIndex(where: { $0.reason == reason }) {
            dropped[i].count += n
        } else {
            dropped.append((reason, n))
        }
    }
}
