import Foundation
import GeoKit
import JSONKit
import TownGraphModel

/// What building a graph did, for the user to inspect (OSMnx-style: every step visible).
public struct GraphBuildReport: Sendable {
    public struct Attachment: Sendable, Hashable {
        public let placeId: String
        /// Distance from the place to its attachment point, metres (0 for interchanges).
        public let snapMetres: Double
        /// The road link it attached to (nil for interchanges, which sit on the expressway).
        public let linkId: String?
    }
    public struct Rejection: Sendable, Hashable {
        public let id: String
        public let reason: String
    }

    public var scenario: Int?
    public var linksUsed = 0
    /// Planned links left out because their year is after the scenario (or no scenario).
    public var linksNotInScenario: [String] = []
    public var linksDropped: [Rejection] = []
    public var nodes = 0
    public var arcs = 0
    public var roadSegments = 0
    public var components = 0
    public var largestComponentNodes = 0
    /// Road nodes touched by one road segment only (dead ends), places excluded.
    public var danglingEnds = 0
    public var interchangesUsed = 0
    public var interchangesDropped: [Rejection] = []
    public var attached: [Attachment] = []
    public var notAttached: [Rejection] = []
    /// Total road length (km, including circuity) per road class id.
    public var kilometresByClass: [String: Double] = [:]
}

/// Why a graph could not be built.
public enum GraphBuildError: Error, CustomStringConvertible, Equatable {
    case duplicatePlace(String)
    case emptyNetwork(String)
    /// A link lies far outside the area where the metric CRS measures correctly.
    case outsideMetricCRS(link: String, featureIndex: Int, degrees: Double, crs: String)

    public var description: String {
        switch self {
        case .duplicatePlace(let id):
            return "place id \"\(id)\" is used twice (a settlement and an interchange?); ids must be unique"
        case .emptyNetwork(let why): return "the network has no usable road in this scenario: \(why)"
        case .outsideMetricCRS(let link, let index, let degrees, let crs):
            return String(
                format:
                    "network feature %d (id \"%@\") lies %.0f° outside the area of use of the dataset's metric CRS %@, ",
                index, link, degrees, crs)
                + "where lengths are wrong: is the network for another region, or are its coordinates swapped?"
        }
    }
}
