/// Why an OpenStreetMap file could not be read. The description names the file and where
/// in it the problem is (the block and its byte offset for PBF, the line for XML).
public struct OSMReadError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case unreadable  // cannot open or read the file
        case unknownFormat  // neither PBF nor OSM XML
        case truncated  // the file ends inside a block
        case oversized  // a header or blob over the format's limits
        case corrupt  // a block that does not decode
        case unsupportedCompression
        case unsupportedFeature  // a required feature TownGraph does not read (history files…)
        case notOSM  // XML whose root is not <osm>
    }

    public let kind: Kind
    public let path: String
    /// Where in the file: "block 12 at byte 81920", "line 40".
    public let location: String?
    public let message: String

    public init(_ kind: Kind, path: String, location: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.location = location
        self.message = message
    }

    public var description: String {
        "\(path)\(location.map { ", \($0)" } ?? ""): \(message)"
    }
}
