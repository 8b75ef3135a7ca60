import CZlib
import Foundation

enum Zlib {
    /// Inflates a zlib stream that must give exactly `expectedSize` bytes.
    /// Throws a message (the caller adds file and block).
    static func inflate(_ compressed: Data, expectedSize: Int) throws -> Data {
        guard expectedSize > 0 else {
            if compressed.isEmpty { return Data() }
            throw ZlibError("raw_size is \(expectedSize), but the block holds compressed data")
        }
        var output = Data(count: expectedSize)
        var produced = 0
        let status: Int32 = compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int32 in
            output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int32 in
                var stream = z_stream()
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                var rc = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                guard rc == Z_OK else { return rc }
                rc = CZlib.inflate(&stream, Z_FINISH)
                produced = Int(stream.total_out)
                inflateEnd(&stream)
                return rc
            }
        }
        switch status {
        case Z_STREAM_END:
            guard produced == expectedSize else {
                throw ZlibError("the zlib data inflates to \(produced) bytes, but raw_size says \(expectedSize)")
            }
            return output
        case Z_BUF_ERROR:
            throw ZlibError(
                compressed.isEmpty
                    ? "the zlib data is empty"
                    : "the zlib data inflates to more than raw_size (\(expectedSize) bytes) or is cut short")
        case Z_DATA_ERROR:
            throw ZlibError("the zlib data is corrupt")
        case Z_MEM_ERROR:
            throw ZlibError("out of memory while inflating")
        default:
            throw ZlibError("zlib error \(status)")
        }
    }

    /// Deflates `data` (for writing test and benchmark files).
    static func deflate(_ data: Data, level: Int32 = 6) -> Data {
        var bound = compressBound(uLong(data.count))
        var output = Data(count: Int(bound))
        let rc = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int32 in
            output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int32 in
                compress2(
                    out.bindMemory(to: Bytef.self).baseAddress, &bound,
                    input.bindMemory(to: Bytef.self).baseAddress, uLong(input.count), level)
            }
        }
        precondition(rc == Z_OK, "zlib compress2 failed: \(rc)")
        return output.prefix(Int(bound))
    }
}

struct ZlibError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
