/// A target on how well the expressway network serves each county-level unit, such as
/// Binzhou's 「基本实现每县有两条以上高速通达」: at least `minimumRoutes` distinct expressways
/// with an interchange inside the unit or within `withinKm` of it.
public struct ExpresswayServiceTarget: Sendable, Identifiable {
    public let id: String
    public let planSentence: String
    public let planSection: String?
    public let minimumRoutes: Int
    public let withinKm: Double
    public let status: TravelTimeTarget.Status
    public let note: String?

    public init(
        id: String, planSentence: String, planSection: String?, minimumRoutes: Int, withinKm: Double,
        status: TravelTimeTarget.Status, note: String?
    ) {
        self.id = id
        self.planSentence = planSentence
        self.planSection = planSection
        self.minimumRoutes = minimumRoutes
        self.withinKm = withinKm
        self.status = status
        self.note = note
    }
}
