import Foundation

/// An OpenStreetMap file of either format, told apart by its first bytes (not its name).
public enum OSMFile: Sendable {
    case pbf(PBFFile)
    case xml(OSMXMLFile)

    public static func open(_ path: String) throws -> OSMFile {
        if let problem = InputFileCheck.problem(path) {
            throw OSMReadError(problem == "no such file" ? .unreadable : .unknownFormat, path: path, problem)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw OSMReadError(.unreadable, path: path, exists ? "cannot open the file for reading" : "no such file")
        }
        let bytes = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        try? handle.close()
        if bytes.isEmpty { throw OSMReadError(.unknownFormat, path: path, "the file is empty") }
        if bytes.starts(with: [0x1F, 0x8B]) {
            throw OSMReadError(.unknownFormat, path: path, "the file is gzip-compressed; decompress it first (gunzip)")
        }
        if bytes.starts(with: Array("BZh".utf8)) {
            throw OSMReadError(
                .unknownFormat, path: path, "the file is bzip2-compressed; decompress it first (bunzip2)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0x3C, 0x00])
            || bytes.starts(with: [0x00, 0x3C])
        {
            throw OSMReadError(
                .unknownFormat, path: path,
                "the file is UTF-16 text; OpenStreetMap XML is read in UTF-8 (convert it with: iconv -f UTF-16 -t UTF-8)"
            )
        }
        let first = firstVisibleByte(bytes)
        if first == UInt8(ascii: "<") { return .xml(try OSMXMLFile(path: path)) }
        if first == UInt8(ascii: "{") {
            throw OSMReadError(
                .unknownFormat, path: path,
                "the file is JSON, not an OpenStreetMap PBF or XML file (for a GeoJSON network, give it as a .geojson file)"
            )
        }
        return .pbf(try PBFFile(path: path))
    }

    /// The first byte of a file's head that is not white space or a UTF-8 byte-order mark:
    /// `<` for XML, `{` for JSON.
    public static func firstVisibleByte<C: Collection>(_ head: C) -> UInt8? where C.Element == UInt8 {
        head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    }

    /// ``firstVisibleByte(_:)`` of a file on disk (nil when it cannot be read).
    public static func firstVisibleByte(ofFile path: String) -> UInt8? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return firstVisibleByte((try? handle.read(upToCount: 64)) ?? Data())
    }

    public var byteCount: Int {
        switch self {
        case .pbf(let f): return f.byteCount
        case .xml(let f): return f.byteCount
        }
    }

    public var formatName: String {
        switch self {
        case .pbf: return "PBF"
        case .xml: return "XML"
        }
    }

    /// Reads the file for `request`; see ``PBFFile/read(_:progress:body:)``.
    public func read(
        _ request: OSMReadRequest, progress: ((Int, Int) -> Void)? = nil, body: (OSMBatch) throws -> Void
    ) throws {
        switch self {
        case .pbf(let f): try f.read(request, progress: progress, body: body)
        case .xml(let f):
            try f.read(request, body: body)
            progress?(f.byteCount, f.byteCount)
        }
    }
}
