import Foundation

/// The system programs a map needs beyond Swift: fontconfig for a CJK font, rsvg-convert
/// for PNG.
public enum MapRaster {
    /// The path of a program on `PATH`, or nil.
    public static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The first font family fontconfig lists for Chinese, preferring a CJK SC one.
    public static func cjkFontFamily() -> String? {
        guard let fc = which("fc-list") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: fc)
        p.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let families = String(decoding: data, as: UTF8.self).split(separator: "\n")
            .map { String($0.split(separator: ",").first ?? "") }.filter { !$0.isEmpty }.sorted()
        return families.first { $0.contains("CJK SC") } ?? families.first
    }

    /// Converts an SVG file to a PNG beside it (same name, .png) with rsvg-convert, written
    /// as every output file is (``OutputFile``); returns the PNG's path.
    public static func png(fromSVG svg: String) throws -> String {
        let target = (svg as NSString).deletingPathExtension + ".png"
        guard let converter = which("rsvg-convert") else {
            throw MapRasterError(
                "--png needs rsvg-convert, which is not installed: apt-get install librsvg2-bin (the SVG was written)")
        }
        try OutputFile.check(target)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: converter)
        p.arguments = [svg]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let png = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, !png.isEmpty else {
            throw MapRasterError("rsvg-convert failed (exit \(p.terminationStatus)) converting \(svg)")
        }
        try OutputFile.write(png, to: target)
        return target
    }
}

/// A map could not be turned into an image.
public struct MapRasterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
