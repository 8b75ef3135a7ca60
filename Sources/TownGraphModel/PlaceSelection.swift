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

        public init(
            layer: Layer = .settlements, criteria: [Selection.Criterion] = [], ids: [String] = [], kinds: [String] = []
        ) {
            self.layer = layer
            self.criteria = criteria
            self.ids = ids
            self.kinds = kinds
        }
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    /// The places selected, in part order, without repeats. Interchanges come from the
    /// network open in the scenario.
    public func places(in dataset: Dataset, network: RoadNetwork?, scenario: Int?) throws -> [Place] {
        try places(in: dataset.gazetteer, network: network, scenario: scenario)
    }

    /// The places selected from a gazetteer (and a network's interchanges).
    public func places(in dataset: Gazetteer, network: RoadNetwork?, scenario: Int?) throws -> [Place] {
        var out: [Place] = []
        var seen = Set<String>()
        for part in parts {
            var found: [Place] = []
            switch part.layer {
            case .settlements:
                found = try Selection(part.criteria).apply(to: dataset).map {
                    Place(id: $0.id, name: $0.nameZh, kind: .settlement, location: $0.location)
                }
            case .constituents:
                for id in part.ids where dataset.constituent(id: id) == nil {
                    throw SelectionError.unknownTerm(
                        kind: "constituent", term: id, known: dataset.constituents.map(\.id))
                }
                found = dataset.constituents
                    .filter {
                        (part.ids.isEmpty || part.ids.contains($0.id))
                            && (part.kinds.isEmpty || part.kinds.contains($0.kind))
                    }
                    .map { Place(id: $0.id, name: $0.nameZh, kind: .constituent, location: $0.location) }
            case .external:
                for id in part.ids where !dataset.externalPlaces.contains(where: { $0.id == id }) {
                    throw SelectionError.unknownTerm(
                        kind: "external place", term: id, known: dataset.externalPlaces.map(\.id))
                }
                found = dataset.externalPlaces
                    .filter {
                        (part.ids.isEmpty || part.ids.contains($0.id))
                            && (part.kinds.isEmpty || part.kinds.contains($0.kind))
                    }
                    .map { Place(id: $0.id, name: $0.nameZh, kind: .external, location: $0.location) }
            case .interchanges:
                guard let network else { throw SelectionError.badValue("interchanges need a network") }
                let all = network.interchangePlaces(scenario: scenario)
                for id in part.ids where !network.interchanges.contains(where: { $0.id == id }) {
                    throw SelectionError.unknownTerm(
                        kind: "interchange", term: id, known: network.interchanges.map(\.id))
                }
                found = all.filter { part.ids.isEmpty || part.ids.contains($0.id) }
            }
            for p in found where seen.insert(p.id).inserted { out.append(p) }
        }
        return out
    }
}

extension PlaceSelection {
    /// Reads the selection language of the command line and the API: each value is
    /// `all` (every settlement), `interchanges` (every interchange of the network), a filter
    /// `key=value[,value]` (level, type, sub-class, county, kind or id; filters combine), or
    /// ids and names separated by commas (`zhuchengqu,大王镇`).
    public init(parsing values: [String]) throws {
        var criteria: [Selection.Criterion] = []
        var names: [String] = []
        var parts: [Part] = []
        for value in values {
            if value == "interchanges" {
                parts.append(Part(layer: .interchanges))
                continue
            }
            if value == "all" {
                parts.append(Part(layer: .settlements))
                continue
            }
            if let eq = value.firstIndex(of: "=") {
                let key = String(value[..<eq]).lowercased()
                let items = Selection.terms([String(value[value.index(after: eq)...])])
                switch key {
                case "level": criteria.append(.level(items))
                case "type", "function", "function-type": criteria.append(.functionType(items))
                case "sub-class", "subclass": criteria.append(.subClass(items))
                case "county": criteria.append(.county(items))
                case "kind": criteria.append(.kind(items))
                case "id": criteria.append(.id(items))
                default:
                    throw SelectionError.badValue(
                        "unknown selection key \"\(key)\" in \(value); use level, type, sub-class, county, kind or id")
                }
            } else {
                names += Selection.terms([value])
            }
        }
        if !names.isEmpty { criteria.append(.name(names)) }
        if !criteria.isEmpty { parts.insert(Part(layer: .settlements, criteria: criteria), at: 0) }
        guard !parts.isEmpty else { throw SelectionError.badValue("empty selection") }
        self.init(parts)
    }
}
