/// The formats TownGraph writes, one list for every command; each command takes the
/// ones that fit what it says (see ``OutputFormat/check(_:allowed:)``).
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal (Chinese characters count two columns).
    case table
    /// Plain text for a terminal (for reports that are not one table).
    case text
    /// GitHub-flavoured markdown.
    case markdown
    /// Comma-separated values, RFC 4180.
    case csv
    /// JSON.
    case json
    /// RFC 7946 GeoJSON.
    case geojson
    /// A GeoPackage (written with GDAL).
    case gpkg
    /// ESRI Shapefiles, one per layer (written with GDAL).
    case shp

    /// Nil when `self` is among `allowed`, else why not (a message for the user).
    public func check(_ allowed: [OutputFormat]) -> String? {
        allowed.contains(self) ? nil : "this command writes \(OutputFormat.list(allowed)), not \(rawValue)"
    }

    /// "table, csv or json".
    public static func list(_ formats: [OutputFormat]) -> String {
        let names = formats.map(\.rawValue)
        return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
