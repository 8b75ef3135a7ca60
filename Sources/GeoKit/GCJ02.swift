import Foundation

/// GCJ-02, the obfuscated datum of Chinese web maps (Amap, Tencent; Baidu adds its own
/// BD-09 on top): WGS84 longitude/latitude moved by a deterministic, published, non-linear
/// offset of a few hundred metres. PROJ does not know it, so it is computed here.
///
/// The forward offset is the published formula (Krasovsky-ellipsoid constants, polynomial
/// and sine terms in the distance from 105°E, 35°N). The way back has no closed form: it is
/// found by fixed-point iteration until the forward image matches to 1e-9° (a millimetre
/// or so); the residual of the formula itself against true WGS84 is about 1-2 m. Outside
/// China the offset is not applied, as the web maps do not apply it there.
public enum GCJ02 {
    static let a = 6_378_245.0
    static let ee = 0.006_693_421_622_965_943_23

    /// Whether a point lies in the box the web maps apply the offset in.
    public static func applies(to c: Coordinate) -> Bool {
        (72.004...137.8347).contains(c.lon) && (0.8293...55.8271).contains(c.lat)
    }

    static func dLat(_ x: Double, _ y: Double) -> Double {
        var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        r += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        r += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        r += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        return r
    }

    static func dLon(_ x: Double, _ y: Double) -> Double {
        var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        r += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        r += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        r += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        return r
    }

    /// A WGS84 point as a Chinese web map shows it.
    public static func fromWGS84(_ c: Coordinate) -> Coordinate {
        guard applies(to: c) else { return c }
        let radLat = c.lat / 180 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = sqrt(magic)
        let lat = dLat(c.lon - 105, c.lat - 35) * 180 / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        let lon = dLon(c.lon - 105, c.lat - 35) * 180 / (a / sqrtMagic * cos(radLat) * .pi)
        return Coordinate(lon: c.lon + lon, lat: c.lat + lat)
    }

    /// A GCJ-02 point back in WGS84 (iterated to 1e-9°).
    public static func toWGS84(_ g: Coordinate) -> Coordinate {
        guard applies(to: g) else { return g }
        var w = g
        for _ in 0..<30 {
            let f = fromWGS84(w)
            let dx = f.lon - g.lon
            let dy = f.lat - g.lat
            w = Coordinate(lon: w.lon - dx, lat: w.lat - dy)
            if abs(dx) < 1e-9 && abs(dy) < 1e-9 { break }
        }
        return w
    }

    /// Every coordinate of a geometry moved from GCJ-02 to WGS84.
    public static func toWGS84(_ geometry: Geometry) -> Geometry {
        geometry.mapCoordinates(toWGS84)
    }
}
