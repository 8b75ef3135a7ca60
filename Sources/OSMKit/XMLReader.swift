import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An OpenStreetMap XML file (`.osm`, API 0.6 format, as JOSM, Overpass and osmium write it).
/// Elements with `action="delete"` or `visible="false"` are skipped; relations are counted.
public struct OSMXMLFile: Sendable {
    public let path: String
    public let byteCount: Int
    private let data: Data

    public init(path: String) throws {
        self.path = path
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw OSMReadError(.unreadable, path: path, "cannot read the file: \(error.localizedDescription)")
        }
        byteCount = data.count
    }

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
        self.byteCount = data.count
    }

    /// Reads the file for `request`, one batch per 10,000 elements.
    public func read(_ request: OSMReadRequest, body: (OSMBatch) throws -> Void) throws {
        try checkEncoding()
        try withoutActuallyEscaping(body) { body in
            // A stream, not XMLParser(data:): on Linux the latter hands libxml2 the whole
            // document as one chunk and fails past libxml2's 10 MB lookup limit.
            let parser = XMLParser(stream: InputStream(data: data))
            let handler = XMLHandler(request: request, path: path, body: body)
            parser.delegate = handler
            parser.shouldProcessNamespaces = false
            parser.shouldResolveExternalEntities = false
            let ok = parser.parse()
            if let error = handler.failure { throw error }
            guard ok else {
                throw OSMReadError(
                    .notOSM, path: path, location: "line \(parser.lineNumber), column \(parser.columnNumber)",
                    "the XML does not parse: \(Self.explain(parser.parserError))")
            }
            guard handler.depth == 0 else {
                throw OSMReadError(
                    .truncated, path: path, location: "line \(parser.lineNumber)",
                    "the file ends inside an element (\(handler.depth) not closed): it is cut short")
            }
            guard handler.sawRoot else {
                throw OSMReadError(.notOSM, path: path, "no <osm> root element: not an OpenStreetMap XML file")
            }
            try handler.flush()
        }
    }
}

extension OSMXMLFile {
    /// The file must be UTF-8 (as OpenStreetMap writes it) and hold no processing
    /// instruction but the XML declaration: a declared other encoding, an invalid byte or a
    /// processing instruction is an error with its line, found before Foundation's parser
    /// (which crashes on some of them) sees the file.
    func checkEncoding() throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let head = String(decoding: bytes.prefix(200), as: UTF8.self)
            if head.hasPrefix("<?xml"), let end = head.range(of: "?>"),
                let enc = head[..<end.lowerBound].range(of: "encoding=")
            {
                let value = head[enc.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }.lowercased()
                guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(value) else {
                    throw OSMReadError(
                        .unknownFormat, path: path, location: "line 1",
                        "the file declares encoding \"\(value)\"; OpenStreetMap XML is read in UTF-8 "
                            + "(convert it with: iconv -f \(value) -t UTF-8)")
                }
            }
            if let pi = TextChecks.processingInstruction(bytes) {
                let (line, column) = TextChecks.position(of: pi, in: bytes)
                throw OSMReadError(
                    .notOSM, path: path, location: "line \(line), column \(column)",
                    "a processing instruction (<?…?>): OpenStreetMap XML has none but the <?xml …?> declaration at its start"
                )
            }
            if let bad = TextChecks.firstInvalidUTF8(bytes) {
                let (line, column) = TextChecks.position(of: bad, in: bytes)
                throw OSMReadError(
                    .corrupt, path: path, location: "line \(line), column \(column)",
                    "byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) is not valid UTF-8; OpenStreetMap XML is UTF-8"
                )
            }
        }
    }

    /// What an XMLParser error means, in words.
    static func explain(_ error: Error?) -> String {
        guard let error = error as NSError? else { return "unknown error" }
        let phrases: [Int: String] = [
            4: "the document is empty", 5: "the document ends early (an element is not closed)",
            9: "a character that XML does not allow", 23: "a character reference without its ';'",
            26: "an entity that is not declared (only &amp; &lt; &gt; &quot; &apos; exist)",
            38: "an attribute's value is not quoted", 39: "an attribute's value is not closed",
            41: "an attribute is given twice", 64: "the file does not start with an XML element or declaration",
            68: "a name is missing where XML needs one", 73: "'>' is missing",
            76: "a closing tag does not match the open element",
            77: "a tag is not finished", 85: "the elements are not properly nested",
            86: "text follows the root element",
            89: "an entity refers to itself",
        ]
        if let phrase = phrases[error.code] { return phrase }
        let name = XMLParser.ErrorCode(rawValue: error.code).map { "\($0)" } ?? "error \(error.code)"
        // "tagNameMismatchError" → "tag name mismatch"
        var words = ""
        for ch in name.replacingOccurrences(of: "Error", with: "") {
            if ch.isUppercase { words += " " + ch.lowercased() } else { words.append(ch) }
        }
        return words.trimmingCharacters(in: .whitespaces) + " (XML parser error \(error.code))"
    }
}

/// The XMLParser delegate: a small state machine over node, way, nd and tag elements.
private final class XMLHandler: NSObject, XMLParserDelegate {
    let request: OSMReadRequest
    let path: String
    let body: (OSMBatch) throws -> Void
    var failure: OSMReadError?
    var sawRoot = false
    var batch = OSMBatch()
    var elementsInBatch = 0

    enum Current {
        case none
        case node(id: Int64, lon: Double, lat: Double)
        case way(id: Int64)
        case relation, skipped
    }
    var current = Current.none
    var tags = OSMTags()
    var refs: [Int64] = []
    var depth = 0

    init(request: OSMReadRequest, path: String, body: @escaping (OSMBatch) throws -> Void) {
        self.request = request
        self.path = path
        self.body = body
    }

    func fail(_ parser: XMLParser, _ message: String) { fail(parser, .corrupt, message) }

    func fail(_ parser: XMLParser, _ kind: OSMReadError.Kind, _ message: String) {
        guard failure == nil else { return }
        failure = OSMReadError(kind, path: path, location: "line \(parser.lineNumber)", message)
        parser.abortParsing()
    }

    func flush() throws {
        guard elementsInBatch > 0 else { return }
        try body(batch)
        batch = OSMBatch()
        elementsInBatch = 0
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes a: [String: String] = [:]
    ) {
        depth += 1
        if depth == 1 {
            guard name == "osm" else {
                let hint = name == "osmChange" ? ": change files (.osc) are not road networks" : ""
                fail(parser, .notOSM, "the root element is <\(name)>, not <osm>: not an OpenStreetMap XML file\(hint)")
                return
            }
            sawRoot = true
            return
        }
        if depth == 2 {
            let deleted = a["action"] == "delete" || a["visible"] == "false"
            switch name {
            case "node":
                guard let id = id(a, parser, "node") else { return }
                batch.nodeCount += 1
                if deleted {
                    current = .skipped
                    return
                }
                guard let latText = a["lat"], let lonText = a["lon"] else {
                    fail(parser, "node \(id) has no lat/lon attributes")
                    return
                }
                guard TextChecks.isDecimal(latText), TextChecks.isDecimal(lonText), let lat = Double(latText),
                    let lon = Double(lonText)
                else {
                    fail(
                        parser,
                        "node \(id) has lat=\"\(latText)\" lon=\"\(lonText)\": "
                            + "not decimal numbers")
                    return
                }
                guard (-90...90).contains(lat), (-180...180).contains(lon) else {
                    fail(parser, "node \(id) has latitude \(lat), longitude \(lon): out of range")
                    return
                }
                current = .node(id: id, lon: lon, lat: lat)
                if let set = request.nodePositions, let i = set.index(of: id) { batch.positions.append((i, lon, lat)) }
            case "way":
                guard let id = id(a, parser, "way") else { return }
                batch.wayCount += 1
                current = deleted ? .skipped : .way(id: id)
            case "relation":
                batch.relationCount += 1
                current = .relation
            default:
                current = .skipped
            }
            tags = [:]
            refs = []
            return
        }
        if depth == 3 {
            switch (name, current) {
            case ("tag", .node), ("tag", .way):
                guard let k = a["k"], let v = a["v"] else {
                    fail(parser, "a <tag> without k or v")
                    return
                }
                tags[k] = v
            case ("nd", .way(let id)):
                guard let r = a["ref"], let ref = Int64(r) else {
                    fail(parser, "a <nd> without a numeric ref")
                    return
                }
                guard refs.count < PBFFile.maxWayNodes else {
                    fail(
                        parser, .oversized,
                        "way \(id) has more than \(PBFFile.maxWayNodes) node references; OpenStreetMap allows at most \(PBFFile.maxWayNodes)"
                    )
                    return
                }
                refs.append(ref)
            default: break
            }
        }
    }

    func id(_ a: [String: String], _ parser: XMLParser, _ what: String) -> Int64? {
        guard let text = a["id"], let id = Int64(text) else {
            fail(parser, "a <\(what)> without a numeric id")
            return nil
        }
        return id
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        guard depth == 2 else { return }
        switch current {
        case .node(let id, let lon, let lat):
            if !request.taggedNodeKeys.isEmpty, tags.keys.contains(where: request.taggedNodeKeys.contains) {
                batch.taggedNodes.append(OSMNode(id: id, lon: lon, lat: lat, tags: tags))
            }
        case .way(let id):
            if tags.keys.contains(where: request.wayKeys.contains) {
                batch.ways.append(OSMWay(id: id, nodeIDs: refs, tags: tags))
            }
        default: break
        }
        current = .none
        elementsInBatch += 1
        if elementsInBatch >= 10_000 {
            do { try flush() } catch let e as OSMReadError {
                failure = e
                parser.abortParsing()
            } catch {
                fail(parser, "\(error)")
            }
        }
    }
}
