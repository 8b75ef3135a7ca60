import GeoKit

/// The versions of the C libraries TownGraph runs on, for `--version`.
public enum Versions {
    public static var libraries: String { "GEOS \(GEOSContext.version), PROJ \(CRSTransformer.projVersion)" }
}
