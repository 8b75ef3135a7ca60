import GeoKit

/// Orders points along a Z-order (Morton) curve, so that points near each other in space
/// come near each other in the order.
package enum SpatialOrder {
    /// The positions of `points` in Z-order (ties by position in the input).
    package static func zOrder(_ points: [Coordinate]) -> [Int] {
        let n = points.count
        guard n > 1 else { return Array(0..<n) }
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        for p in points {
            minX = min(minX, p.x)
            maxX = max(maxX, p.x)
            minY = min(minY, p.y)
            maxY = max(maxY, p.y)
        }
        let scale = 65535 / max(maxX - minX, maxY - minY, 1)
        let keys = points.map { p in
            spread(UInt32((p.x - minX) * scale)) | (spread(UInt32((p.y - minY) * scale)) << 1)
        }
        return (0..<n).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// The low 16 bits of `v` spread to the even bit positions.
    static func spread(_ v: UInt32) -> UInt64 {
        var x = UInt64(v) & 0xFFFF
        x = (x | (x << 8)) & 0x00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F
        x = (x | (x << 2)) & 0x3333_3333
        x = (x | (x << 1)) & 0x5555_5555
        return x
    }
}
