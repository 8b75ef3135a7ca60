import Foundation

/// Which places a target speaks of: the union of its parts, each drawn from one layer
/// (settlements, constituent units or the network's interchanges) with filters.
public struct PlaceSelection: Sendable {
    public enum Layer: String, Sendable { case settlements, constituents, interchanges, external }

    public struct Part: Sendable {
        public var layer: Layer
        /// Filters for settlements (level, type, county, kind, id…).
        public var criteria: [Selection.Criterion]
        /// For constituents and interchanges: ids and kinds to keep (empty: all).
        public var ids: [String]
        public var kinds: [String]

        public init(layer: Layer = .settlements, criteria: [Selection.Criterion] = [], ids: [String] = [], kinds: [String] = []) {
            self.layer = layer; self.criteria = criteria; self.ids = ids; self.kinds = kinds
        }
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    /// The places selected, in part order, without repeats. Interchanges come from the
    /// network open in the scenario.
    public func places(in dataset: Dataset, network: RoadNetwork?, scenario: Int?) throws -> [Place] {
        var out: [Place] = []
        var seen = Set<String>()
        for part in parts {
            var found: [Place] = []
            switch part.layer {
            case .settlements:
                found = try Selection(part.criteria).apply(to: dataset).map { Place(id: $0.id, name: $0.nameZh, kind: .settlement, location: $0.location) }
            case .constituents:
                for id in part.ids where dataset.constituent(id: id) == nil {
                    throw SelectionError.unknownTerm(kind: "constituent", term: id, known: dataset.constituents.map(\.id))
                }
                found = dataset.constituents
                    .filter { (part.ids.isEmpty || part.ids.contains($0.id)) && (part.kinds.isEmpty || part.kinds.contains($0.kind)) }
                    .map { Place(id: $0.id, name: $0.nameZh, kind: .constituent, location: $0.location) }
            case .external:
                for id in part.ids where !dataset.externalPlaces.contains(where: { $0.id == id }) {
                    throw SelectionError.unknownTerm(kind: "external place", term: id, known: dataset.externalPlaces.map(\.id))
                }
                found = dataset.externalPlaces
                    .filter { (part.ids.isEmpty || part.ids.contains($0.id)) && (part.kinds.isEmpty || part.kinds.contains($0.kind)) }
                    .map { Place(id: $0.id, name: $0.nameZh, kind: .external, location: $0.location) }
            case .interchanges:
                guard let network else { throw SelectionError.badValue("interchanges need a network") }
                let all = network.interchangePlaces(scenario: scenario)
                for id in part.ids where !network.interchanges.contains(where: { $0.id == id }) {
                    throw SelectionError.unknownTerm(kind: "interchange", term: id, known: network.interchanges.map(\.id))
                }
                found = all.filter { part.ids.isEmpty || part.ids.contains($0.id) }
            }
            for p in found where seen.insert(p.id).inserted { out.append(p) }
        }
        return out
    }
}

/// An accessibility target of a plan, such as 「实现市区到各县区45分钟内到达」.
public struct TravelTimeTarget: Sendable, Identifiable {
    /// How origins and destinations are paired.
    public enum Relation: String, Sendable, CaseIterable {
        /// Each origin to each destination.
        case eachToEach = "each-to-each"
        /// Every pair within the origins, both ways; a pair's time is the slower direction.
        case allPairs = "all-pairs"
        /// Each origin to its nearest destination (for example the nearest interchange).
        case nearest = "nearest"
        /// Every pair of origins whose county-level units are neighbours (相邻区市), both ways;
        /// neighbours share at least a stated length of boundary (see ``CountyAdjacency``).
        case adjacentPairs = "adjacent-pairs"
    }
    /// Binding (约束性) targets must hold; indicative (预期性、导向性) ones are reported.
    public enum Status: String, Sendable, CaseIterable { case binding, indicative }

    public let id: String
    /// The plan's sentence, verbatim.
    public let planSentence: String
    /// Where the sentence stands in the plan.
    public let planSection: String?
    public let relation: Relation
    public let origins: PlaceSelection
    public let destinations: PlaceSelection?
    public let minutes: Double
    public let status: Status
    /// How the data reads the plan's words (which places 市区 or 县区 mean, say).
    public let note: String?
}
