import GeoKit

/// An element of the plan's spatial layout: an area (一心, a wing) drawn around its member
/// units, or an axis (发展轴) drawn through them in order.
public struct LayoutElement: Sendable, Identifiable {
    public enum Kind: String, Sendable { case area, axis }
    public let id: String
    public let nameZh: String
    public let kind: Kind
    /// Located member units, in the plan's order.
    public let members: [Place]
    public let planSentence: String?
    /// How the element was drawn from the plan's words.
    public let note: String?

    public init(id: String, nameZh: String, kind: Kind, members: [Place], planSentence: String?, note: String?) {
        self.id = id
        self.nameZh = nameZh
        self.kind = kind
        self.members = members
        self.planSentence = planSentence
        self.note = note
    }
}

/// The plan's layout (一心两翼 and its axes) as data.
public struct SpatialLayout: Sendable {
    /// Areas are the convex hull of their members' points widened by this many kilometres.
    public let bufferKm: Double
    public let patternSentence: String?
    public let elements: [LayoutElement]

    public init(bufferKm: Double, patternSentence: String?, elements: [LayoutElement]) {
        self.bufferKm = bufferKm
        self.patternSentence = patternSentence
        self.elements = elements
    }
}
