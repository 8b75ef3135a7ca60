import JSONKit
import Testing

@Suite struct JSONValueTests {
    @Test func jsonParserReportsLineAndColumn() throws {
        do {
            _ = try JSONValue.parse("{\n  \"a\": [1, 2,\n  }")
            Issue.record("expected an error")
        } catch let error as JSONParseError {
            #expect(error.message.contains("line 3"), "\(error)")
        }
    }

    @Test func jsonParserKeepsMemberOrderAndUnicode() throws {
        let v = try JSONValue.parse(#"{"z":1,"a":"东营\u00e9","m":[true,null,-2.5e3]}"#)
        #expect(v.objectValue?.map(\.0) == ["z", "a", "m"])
        #expect(v["a"]?.stringValue == "东营é")
        #expect(v["m"] == .array([.bool(true), .null, .number(-2500)]))
        #expect(v.serialized() == #"{"z":1,"a":"东营é","m":[true,null,-2500]}"#)
    }

    @Test func numberFormatting() {
        #expect(JSONValue.format(118.668961) == "118.668961")
        #expect(JSONValue.format(1_000_000) == "1000000")
        #expect(JSONValue.format(0.00001) == "0.00001")
        #expect(JSONValue.format(.nan) == "null")
    }

    @Test(arguments: [
        (#"{"id": "a", "name": "x", "id": "b"}"#, "\"id\""),
        ("{" + (0..<40).map { #""k\#($0)": \#($0)"# }.joined(separator: ", ") + #", "k7": 1}"#, "\"k7\""),
        (#"{"features": [{"type": "Feature", "properties": {"level": 1, "level": 2}}]}"#, "\"level\""),
    ])
    func repeatedMemberNamesAreErrors(text: String, name: String) {
        #expect { _ = try JSONValue.parse(text) } throws: {
            "\($0)".contains("the member name \(name) is repeated in one object") && "\($0)".contains("line 1, column")
        }
    }

    @Test func sameNameInDifferentObjectsIsFine() throws {
        let v = try JSONValue.parse(#"[{"id": 1}, {"id": 2, "p": {"id": 3}}]"#)
        #expect(v.arrayValue?.count == 2)
    }
}
