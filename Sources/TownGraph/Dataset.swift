import GeoKit

/// The plan a dataset encodes.
public struct PlanReference: Hashable, Sendable {
    public let title: String
    public let titleNote: String?
    public let baseYear: Int?
    public let startYear: Int?
    public let endYear: Int?
    /// The file name of the plan text among the seeds.
    public let seed: String?
    /// Plan sentences kept by the manifest, keyed by what they state.
    public let sentences: [String: String]
}

/// A finding made while loading a dataset, naming the file and the feature it concerns.
public struct DatasetIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public let severity: Severity
    /// The file, relative to the dataset folder.
    public let file: String
    /// The position of the feature in its file (0-based), when the issue concerns one.
    public let featureIndex: Int?
    public let featureId: String?
    public let message: String

    public init(_ severity: Severity, file: String, featureIndex: Int? = nil, featureId: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.featureIndex = featureIndex
        self.featureId = featureId
        self.message = message
    }

    public var description: String {
        var place = file
        if let featureIndex { place += ": feature \(featureIndex)" }
        if let featureId { place += " (id \"\(featureId)\")" }
        return "\(severity.rawValue): \(place): \(message)"
    }
}

/// A validated town-system dataset: the plan's hierarchy vocabulary, its settlements and
/// the county units. Made only by ``DatasetLoader``, which rejects a dataset with errors.
public struct Dataset: Sendable {
    public let name: String
    public let title: String
    public let region: String?
    /// The folder the dataset was read from.
    public let directory: String
    public let plan: PlanReference
    /// The CRS the dataset's coordinates are in (always WGS84 longitude/latitude).
    public let crs: String
    /// The CRS to measure lengths, areas and buffers in.
    public let metricCRS: String
    /// Levels in rank order, top first.
    public let levels: [Level]
    public let subClasses: [SubClass]
    public let functionTypes: [FunctionType]
    /// Per-settlement values the dataset declares (urbanization targets, say).
    public let attributes: [SettlementAttribute]
    /// Planning units in file order (the plan's order).
    public let settlements: [Settlement]
    public let constituents: [ConstituentUnit]
    /// Places outside the plan's hierarchy that targets or the layout refer to (a city
    /// elsewhere, a belt member across the boundary).
    public let externalPlaces: [ExternalPlace]
    public let counties: [County]
    /// The road network the dataset ships, if any: its file and how to read it.
    public let network: NetworkSpec?
    /// The plan's accessibility targets.
    public let targets: [TravelTimeTarget]
    /// Targets on how the expressway network serves each county-level unit.
    public let serviceTargets: [ExpresswayServiceTarget]
    /// The plan's spatial layout (一心两翼, development axes), if the manifest declares one.
    public let layout: SpatialLayout?
    /// Soft findings: the dataset loads, but a planner should know.
    public let warnings: [DatasetIssue]

    public func settlement(id: String) -> Settlement? { settlements.first { $0.id == id } }
    public func county(id: String) -> County? { counties.first { $0.id == id } }
    public func level(id: String) -> Level? { levels.first { $0.id == id } }
    public func functionType(id: String) -> FunctionType? { functionTypes.first { $0.id == id } }
    public func subClass(id: String) -> SubClass? { subClasses.first { $0.id == id } }
    public func constituent(id: String) -> ConstituentUnit? { constituents.first { $0.id == id } }

    public func target(id: String) -> TravelTimeTarget? { targets.first { $0.id == id } }

    /// Planning units with no known location.
    public var unlocated: [Settlement] { settlements.filter { !$0.isLocated } }
}
