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

    public init(
        title: String, titleNote: String?, baseYear: Int?, startYear: Int?, endYear: Int?, seed: String?,
        sentences: [String: String]
    ) {
        self.title = title
        self.titleNote = titleNote
        self.baseYear = baseYear
        self.startYear = startYear
        self.endYear = endYear
        self.seed = seed
        self.sentences = sentences
    }
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

    public init(
        _ severity: Severity, file: String, featureIndex: Int? = nil, featureId: String? = nil, _ message: String
    ) {
        self.severity = severity
        self.file = file
        self.featureIndex = featureIndex
        self.featureId = featureId
        self.message = message
    }

    /// The file, and the feature when the issue concerns one.
    public var location: String {
        var place = file
        if let featureIndex { place += ": feature \(featureIndex)" }
        if let featureId { place += " (id \"\(featureId)\")" }
        return place
    }

    public var description: String { "\(severity.rawValue): \(location): \(message)" }
}

/// The places of a plan, validated: its hierarchy, the planning units (settlements), their
/// constituent units, places outside the hierarchy that targets name, and the county-level
/// units, with the CRS distances are measured in. What selections are resolved against.
public struct Gazetteer: Sendable {
    /// Levels, sub-classes and function types.
    public let hierarchy: Hierarchy
    /// Planning units in file order (the plan's order).
    public let settlements: [Settlement]
    public let constituents: [ConstituentUnit]
    /// Places outside the plan's hierarchy that targets or the layout refer to (a city
    /// elsewhere, a belt member across the boundary).
    public let externalPlaces: [ExternalPlace]
    public let counties: [County]
    /// The CRS to measure lengths, areas and buffers in.
    public let metricCRS: String

    public init(
        hierarchy: Hierarchy, settlements: [Settlement], constituents: [ConstituentUnit],
        externalPlaces: [ExternalPlace],
        counties: [County], metricCRS: String
    ) {
        self.hierarchy = hierarchy
        self.settlements = settlements
        self.constituents = constituents
        self.externalPlaces = externalPlaces
        self.counties = counties
        self.metricCRS = metricCRS
    }

    public func settlement(id: String) -> Settlement? { settlements.first { $0.id == id } }
    public func county(id: String) -> County? { counties.first { $0.id == id } }
    public func constituent(id: String) -> ConstituentUnit? { constituents.first { $0.id == id } }

    /// Planning units, constituent units and external places, as places.
    public var places: [Place] {
        settlements.map { Place(id: $0.id, name: $0.nameZh, kind: .settlement, location: $0.location) }
            + constituents.map { Place(id: $0.id, name: $0.nameZh, kind: .constituent, location: $0.location) }
            + externalPlaces.map { Place(id: $0.id, name: $0.nameZh, kind: .external, location: $0.location) }
    }
}

/// A validated town-system dataset: the plan, its places (``Gazetteer``), its road network,
/// targets and layout, and where it was read from. Made by the input module's loader, which
/// rejects a dataset with errors.
public struct Dataset: Sendable {
    public let name: String
    public let title: String
    public let region: String?
    /// The folder the dataset was read from.
    public let directory: String
    /// The files of its layers, relative to ``directory``.
    public let files: DatasetFiles
    public let plan: PlanReference
    /// The CRS the dataset's coordinates are in (always WGS84 longitude/latitude).
    public let crs: String
    public let gazetteer: Gazetteer
    /// Per-settlement values the dataset declares (urbanization targets, say).
    public let attributes: [SettlementAttribute]
    /// The road networks the dataset declares, in manifest order; the default first.
    public let networks: [NetworkSpec]
    /// The default network (the one a command routes on without `--network`), if any.
    public var network: NetworkSpec? { networks.first }
    /// The plan's accessibility targets.
    public let targets: [TravelTimeTarget]
    /// Targets on how the expressway network serves each county-level unit.
    public let serviceTargets: [ExpresswayServiceTarget]
    /// The plan's spatial layout (一心两翼, development axes), if the manifest declares one.
    public let layout: SpatialLayout?
    /// Soft findings: the dataset loads, but a planner should know.
    public let warnings: [DatasetIssue]

    public init(
        name: String, title: String, region: String?, directory: String, files: DatasetFiles, plan: PlanReference,
        crs: String,
        gazetteer: Gazetteer, attributes: [SettlementAttribute], networks: [NetworkSpec], targets: [TravelTimeTarget],
        serviceTargets: [ExpresswayServiceTarget], layout: SpatialLayout?, warnings: [DatasetIssue]
    ) {
        self.name = name
        self.title = title
        self.region = region
        self.directory = directory
        self.files = files
        self.plan = plan
        self.crs = crs
        self.gazetteer = gazetteer
        self.attributes = attributes
        self.networks = networks
        self.targets = targets
        self.serviceTargets = serviceTargets
        self.layout = layout
        self.warnings = warnings
    }

    /// The network declared under this name.
    public func network(named name: String) -> NetworkSpec? { networks.first { $0.id == name } }

    public var hierarchy: Hierarchy { gazetteer.hierarchy }
    /// Levels in rank order, top first.
    public var levels: [Level] { hierarchy.levels }
    public var subClasses: [SubClass] { hierarchy.subClasses }
    public var functionTypes: [FunctionType] { hierarchy.functionTypes }
    /// Planning units in file order (the plan's order).
    public var settlements: [Settlement] { gazetteer.settlements }
    public var constituents: [ConstituentUnit] { gazetteer.constituents }
    public var externalPlaces: [ExternalPlace] { gazetteer.externalPlaces }
    public var counties: [County] { gazetteer.counties }
    /// The CRS to measure lengths, areas and buffers in.
    public var metricCRS: String { gazetteer.metricCRS }
    public var places: [Place] { gazetteer.places }

    public func settlement(id: String) -> Settlement? { gazetteer.settlement(id: id) }
    public func county(id: String) -> County? { gazetteer.county(id: id) }
    public func level(id: String) -> Level? { hierarchy.level(id: id) }
    public func functionType(id: String) -> FunctionType? { hierarchy.functionType(id: id) }
    public func subClass(id: String) -> SubClass? { hierarchy.subClass(id: id) }
    public func constituent(id: String) -> ConstituentUnit? { gazetteer.constituent(id: id) }

    public func target(id: String) -> TravelTimeTarget? { targets.first { $0.id == id } }

    /// Planning units with no known location.
    public var unlocated: [Settlement] { settlements.filter { !$0.isLocated } }
}

/// Where a dataset's parts are stored, relative to its folder: the manifest and the
/// GeoJSON layers it names. Messages about a feature name the file it came from.
public struct DatasetFiles: Hashable, Sendable {
    public let manifest: String
    public let settlements: String
    public let counties: String?

    public init(manifest: String, settlements: String, counties: String?) {
        self.manifest = manifest
        self.settlements = settlements
        self.counties = counties
    }
}

/// Input that cannot be used: every problem found in a dataset folder or a file, each
/// naming its file and feature, so that a user can fix them all in one pass.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// What was read: a dataset folder, a network file.
    public enum Subject: Sendable, Equatable {
        case dataset
        case network
        /// Places that a network cannot reach (too far from every road).
        case unattachedPlaces
        /// Any other file the user gives.
        case file
    }

    public let subject: Subject
    /// The folder or file concerned.
    public let source: String
    /// Every finding, errors and warnings.
    public let issues: [DatasetIssue]

    public init(_ subject: Subject, source: String, issues: [DatasetIssue]) {
        self.subject = subject
        self.source = source
        self.issues = issues
    }

    public var errors: [DatasetIssue] { issues.filter { $0.severity == .error } }

    public var description: String {
        let errs = errors
        let count = "\(errs.count) error\(errs.count == 1 ? "" : "s")"
        let headline: String
        switch subject {
        case .dataset: headline = "dataset \(source) has \(count):"
        case .network: headline = "network \(source) has \(count):"
        case .file: headline = "\(source) has \(count):"
        case .unattachedPlaces:
            headline =
                "\(errs.count) place\(errs.count == 1 ? "" : "s") cannot be attached to the network \(source):"
        }
        // One problem fits on one line; several are listed one per line.
        if errs.count == 1 { return headline + " " + errs[0].location + ": " + errs[0].message }
        return ([headline] + errs.map { "  \($0)" }).joined(separator: "\n")
    }
}
