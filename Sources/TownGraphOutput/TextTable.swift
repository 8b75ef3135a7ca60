import Foundation
import GeoKit
import TownGraphModel

/// A plain-text table with columns aligned for terminal display. Chinese characters take
/// two columns on a terminal, and the widths account for that.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns to right-align (numbers).
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// Display width of a string: East Asian wide characters count 2.
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : 1)
        }
    }

    public func render() -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TextTable.displayWidth(cell)) }
        }
        func line(_ row: [String]) -> String {
            var out = ""
            for i in 0..<columns {
                let cell = i < row.count ? row[i] : ""
                let pad = String(repeating: " ", count: widths[i] - TextTable.displayWidth(cell))
                out += rightAligned.contains(i) ? pad + cell : cell + pad
                if i < columns - 1 { out += "  " }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Comma-separated values (RFC 4180): fields with commas, quotes or line breaks are quoted.
public enum CSV {
    public static func field(_ s: String) -> String {
        if s.contains(where: { ",\"\n\r".contains($0) }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A CSV for spreadsheets: UTF-8 with a byte-order mark, without which Excel reads the
    /// file in the system's legacy encoding and shows Chinese text as garbage.
    public static func renderForExcel(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + render(header: header, rows: rows)
    }

    /// Great-circle distance in km (mean Earth radius), for straight-line columns.
    public static func straightKm(_ a: Coordinate?, _ b: Coordinate?) -> Double? {
        guard let a, let b else { return nil }
        return a.greatCircleKm(to: b)
    }

    static func number(_ v: Double?, _ places: Int) -> String {
        guard let v, v.isFinite else { return "" }
        return String(format: "%.\(places)f", v)
    }
}

/// Text from files or the command line made safe for a terminal: control characters (an
/// escape sequence that would recolour the screen or move the cursor) become `\u{…}`; line
/// breaks and tabs stay.
public enum Printable {
    public static func text(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) {
                out += "\\u{\(String(v, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
