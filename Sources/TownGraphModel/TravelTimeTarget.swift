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

    public init(
        id: String, planSentence: String, planSection: String?, relation: Relation, origins: PlaceSelection,
        destinations: PlaceSelection?, minutes: Double, status: Status, note: String?
    ) {
        self.id = id
        self.planSentence = planSentence
        self.planSection = planSection
        self.relation = relation
        self.origins = origins
        self.destinations = destinations
        self.minutes = minutes
        self.status = status
        self.note = note
    }
}
