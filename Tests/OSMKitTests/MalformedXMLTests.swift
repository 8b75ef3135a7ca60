import Foundation
import TestSupport
import Testing

@testable import OSMKit

/// Malformed OpenStreetMap XML: errors with the line (and column), never a crash.
@Suite struct MalformedXMLTests {
    static func read(_ bytes: [UInt8], name: String = "bad.osm") throws {
        let file = OSMXMLFile(path: name, data: Data(bytes))
        try file.read(OSMReadRequest(wayKeys: ["highway"], taggedNodeKeys: ["highway"])) { _ in }
    }

    static func error(_ bytes: [UInt8]) -> String? {
        do {
            try read(bytes)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Invalid UTF-8 in an element name, an attribute name and an attribute value: each once
    /// killed the process inside the XML parser (SIGILL).
    @Test(arguments: [
        Array("<osm version=\"0.6\"><n".utf8) + [0xFF] + Array("de id=\"1\"/></osm>".utf8),
        Array("<osm version=\"0.6\">\n<node i".utf8) + [0xC3] + Array("d=\"1\" lat=\"1\" lon=\"1\"/></osm>".utf8),
        Array("<osm version=\"0.6\">\n\n<way id=\"1\"><tag k=\"name\" v=\"".utf8) + [0xE4, 0xB8]
            + Array("\"/></way></osm>".utf8),
        Array("<osm version=\"0.6\"><tag k=\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"/></osm>".utf8),  // a surrogate
        Array("<osm version=\"0.6\"><tag k=\"".utf8) + [0xC0, 0xAF] + Array("\"/></osm>".utf8),  // overlong
    ])
    func invalidUTF8IsAnErrorWithItsPosition(bytes: [UInt8]) {
        let message = Self.error(bytes)
        #expect(message?.contains("is not valid UTF-8") == true, "\(message ?? "no error")")
        #expect(message?.hasPrefix("bad.osm, line ") == true)
    }

    @Test func invalidByteIsLocated() {
        let bytes =
            Array("<osm version=\"0.6\">\n<node id=\"1\" lat=\"1\" lon=\"1\">\n<tag k=\"a\" v=\"x".utf8) + [0xFF]
            + Array("\"/></node></osm>".utf8)
        #expect(
            Self.error(bytes) == "bad.osm, line 3, column 16: byte 0xFF is not valid UTF-8; OpenStreetMap XML is UTF-8")
    }

    @Test func validUTF8IsRead() throws {
        let xml =
            "<osm version=\"0.6\">\n<way id=\"1\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"primary\"/>"
            + "<tag k=\"name\" v=\"东营路 𠀀\"/></way></osm>"
        try Self.read(Array(xml.utf8))
    }

    @Test func parseErrorsSayWhatIsWrong() {
        let mismatch = Self.error(
            Array("<osm version=\"0.6\">\n<node id=\"1\" lat=\"1\" lon=\"2\"></nodex>\n</osm>".utf8))
        #expect(mismatch?.contains("a closing tag does not match the open element") == true, "\(mismatch ?? "")")
        #expect(mismatch?.contains("NSXMLParserErrorDomain") == false)
        let unclosed = Self.error(Array("<osm version=\"0.6\">\n<node id=\"1\" lat=\"1\" lon=\"2\">".utf8))
        #expect(
            unclosed?.contains("line 2") == true && unclosed?.contains("NSXMLParserErrorDomain") == false,
            "\(unclosed ?? "")")
    }

    @Test(arguments: ["0x1.ep5", "nan", "inf", "1e", "4,5"])
    func onlyDecimalCoordinates(lat: String) {
        let message = Self.error(Array("<osm version=\"0.6\">\n<node id=\"1\" lat=\"\(lat)\" lon=\"2\"/>\n</osm>".utf8))
        #expect(message?.contains("bad.osm, line 2: node 1 has lat=\"\(lat)\"") == true, "\(message ?? "no error")")
    }

    @Test func declaredEncodingOtherThanUTF8() {
        let message = Self.error(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<osm version=\"0.6\"/>".utf8))
        #expect(message?.contains("declares encoding \"iso-8859-1\"") == true, "\(message ?? "")")
    }

    @Test func notFilesAreNamed() throws {
        let temp = try TemporaryDirectory()
        let utf16 = temp.path("roads.osm")
        try "<osm version=\"0.6\"/>".data(using: .utf16)!.write(to: URL(fileURLWithPath: utf16))
        #expect { _ = try OSMFile.open(utf16) } throws: { "\($0)".contains("the file is UTF-16 text") }
        let folder = temp.path("folder.osm.pbf")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect { _ = try OSMFile.open(folder) } throws: { "\($0)" == "\(folder): is a folder, not a file" }
        let fifo = temp.path("pipe.osm")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect { _ = try OSMFile.open(fifo) } throws: { "\($0)".contains("is a pipe, not a file") }
    }

    /// Found by the fuzzer: Foundation's XMLParser crashes (SIGSEGV) on a processing
    /// instruction without data; none reaches it now.
    @Test(arguments: [
        "<osm version=\"0.6\"><?pi?></osm>",
        "<?xBidirectional?>\n<osm version=\"0.6\"/>",
        "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n<?target data?>\n</osm>",
    ])
    func processingInstructionsAreErrors(text: String) {
        let message = Self.error(Array(text.utf8))
        #expect(message?.contains("a processing instruction (<?…?>)") == true, "\(message ?? "no error")")
    }

    @Test func processingInstructionsInCommentsAndTheDeclarationAreFine() throws {
        let text =
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\"><!-- <?pi?> -->"
            + "<![CDATA[<?x?>]]></osm>"
        try Self.read(Array(text.utf8))
    }
}
