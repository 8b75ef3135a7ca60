import Foundation

/// Checks on text input before a parser sees it: libxml2 through Foundation's XMLParser
/// traps on some malformed UTF-8, so bytes are validated first.
enum TextChecks {
    /// The offset of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var value: UInt32
            switch b {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
                value = UInt32(b & 0x1F)
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
                value = UInt32(b & 0x0F)
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
                value = UInt32(b & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                value = value << 6 | UInt32(c & 0x3F)
            }
            // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
            guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return i }
            i += length
        }
        return nil
    }

    /// The offset of the first processing instruction (`<?target …?>`) other than an XML
    /// declaration at the very start, outside comments and CDATA sections; nil when none.
    /// (Foundation's XMLParser crashes on a processing instruction without data.)
    static func processingInstruction(_ bytes: UnsafeRawBufferPointer) -> Int? {
        func starts(_ i: Int, _ text: String) -> Bool {
            let pattern = Array(text.utf8)
            guard i + pattern.count <= bytes.count else { return false }
            return pattern.indices.allSatisfy { bytes[i + $0] == pattern[$0] }
        }
        func skip(from i: Int, past end: String) -> Int {
            var j = i
            while j < bytes.count, !starts(j, end) { j += 1 }
            return j + end.utf8.count
        }
        // The declaration: "<?xml" and white space, at offset 0 or after a byte-order mark.
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if starts(i, "<?xml"), i + 5 < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 5]) {
            i = skip(from: i + 5, past: "?>")
        }
        while i < bytes.count {
            guard bytes[i] == 0x3C else {
                i += 1
                continue
            }
            if starts(i, "<!--") {
                i = skip(from: i + 4, past: "-->")
            } else if starts(i, "<![CDATA[") {
                i = skip(from: i + 9, past: "]]>")
            } else if starts(i, "<?") {
                return i
            } else {
                i += 1
            }
        }
        return nil
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == 0x0A {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// Whether a text is a plain decimal number ("37.5", "-1e-3"): what OpenStreetMap files
    /// write. Swift's `Double(_:)` also takes hexadecimal ("0x1.ep5"), "nan" and "inf".
    static func isDecimal(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45
            }
    }
}

/// What kind of thing a path names, checked before it is opened: a folder, a pipe or a
/// device given as an input file must be an error, not an empty read or a read that blocks
/// forever.
public enum InputFileCheck {
    /// Nil when `path` is a readable regular file (symbolic links followed), else why not.
    public static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return access(path, R_OK) == 0 ? nil : "cannot be read (permission denied)"
        case S_IFDIR: return "is a folder, not a file"
        case S_IFIFO: return "is a pipe, not a file (save the data to a file first)"
        default: return "is not a regular file (a device or socket)"
        }
    }
}
