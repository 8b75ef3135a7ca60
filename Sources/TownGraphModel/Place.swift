import GeoKit

/// Anything travel times are measured between: a settlement, a constituent unit, or an
/// interchange of the network.
public struct Place: Hashable, Sendable, Identifiable {
    public enum Kind: String, Sendable { case settlement, constituent, interchange, external }
    public let id: String
    public let name: String
    public let kind: Kind
    /// WGS84 point; nil when the place is not located.
    public let location: Coordinate?

    public init(id: String, name: String, kind: Kind, location: Coordinate?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.location = location
    }
}

extension RoadNetwork {
    /// The interchanges open in a scenario, as places.
    public func interchangePlaces(scenario: Int?) -> [Place] {
        interchanges.filter { $0.status.isIncluded(inScenario: scenario) }
            .map { Place(id: $0.id, name: $0.name, kind: .interchange, location: $0.location) }
    }
}
