import CLibPQ
import Foundation

/// A failure from PostgreSQL or the connection, with the server's message. Never carries the
/// connection URL or its password.
public struct PGError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One connection to PostgreSQL through libpq: owned, closed when released, used by one
/// thread at a time. Statements run with text parameters ($1, $2…) and return text rows.
public final class PGConnection {
    private let handle: OpaquePointer

    /// Connects with a `postgresql://` URL; what the URL leaves out comes from the usual PG*
    /// environment variables (PGHOST, PGUSER, PGPASSWORD…), as libpq does it.
    public init(url: String) throws {
        guard let h = PQconnectdb(url) else { throw PGError("libpq could not allocate a connection") }
        guard PQstatus(h) == CONNECTION_OK else {
            let message = PGConnection.message(h)
            PQfinish(h)
            throw PGError("cannot connect to \(PGConnection.redacted(url)): \(message)")
        }
        handle = h
    }

    deinit { PQfinish(handle) }

    /// libpq's message on one line.
    static func message(_ h: OpaquePointer) -> String { oneLine(String(cString: PQerrorMessage(h))) }

    static func oneLine(_ s: String) -> String {
        var text = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        if text.hasPrefix("ERROR:") { text = text.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        return text
    }

    /// The URL with any password replaced by `***`, for messages.
    public static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "the database" }
        if c.password != nil { c.password = "***" }
        c.queryItems = c.queryItems?.map {
            $0.name.lowercased() == "password" ? URLQueryItem(name: $0.name, value: "***") : $0
        }
        return c.string ?? "the database"
    }

    /// Runs one statement (or several without parameters) and returns its rows as text
    /// (nil for NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(handle, sql)
        } else {
            var owned = parameters.map { $0.map { strdup($0) } ?? nil }
            defer { for p in owned { free(p) } }
            result = owned.withUnsafeMutableBufferPointer { values in
                values.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: values.count) {
                    PQexecParams(handle, sql, Int32(values.count), nil, $0, nil, nil, 0)
                }
            }
        }
        guard let result else { throw PGError(PGConnection.message(handle)) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let text = PQresultErrorMessage(result).map { String(cString: $0) } ?? PGConnection.message(handle)
            throw PGError(PGConnection.oneLine(text))
        }
        var rows: [[String?]] = []
        let n = PQntuples(result)
        let m = PQnfields(result)
        for r in 0..<n {
            rows.append(
                (0..<m).map { c in PQgetisnull(result, r, c) != 0 ? nil : String(cString: PQgetvalue(result, r, c)) })
        }
        return rows
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws,
    /// so a failure leaves what was there before whole.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// A name quoted as an SQL identifier.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension PGConnection {
    /// Loads rows into a table with COPY (text format): tabs, line breaks and backslashes in
    /// values are escaped, nil is NULL.
    public func copy(into table: String, columns: [String], rows: [[String?]]) throws {
        let sql = "COPY \(table) (\(columns.map(PGConnection.identifier).joined(separator: ", "))) FROM STDIN"
        guard let start = PQexec(handle, sql) else { throw PGError(PGConnection.message(handle)) }
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw PGError(PGConnection.message(handle)) }
        func escape(_ v: String?) -> String {
            guard let v else { return "\\N" }
            var out = ""
            for c in v {
                switch c {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.append(c)
                }
            }
            return out
        }
        var buffer = ""
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let bytes = Array(buffer.utf8)
            let sent = bytes.withUnsafeBufferPointer { p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    PQputCopyData(handle, $0, Int32(bytes.count))
                }
            }
            guard sent == 1 else { throw PGError(PGConnection.message(handle)) }
            buffer = ""
        }
        for row in rows {
            buffer += row.map(escape).joined(separator: "\t") + "\n"
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        try flush()
        guard PQputCopyEnd(handle, nil) == 1 else { throw PGError(PGConnection.message(handle)) }
        while let r = PQgetResult(handle) {
            defer { PQclear(r) }
            if PQresultStatus(r) != PGRES_COMMAND_OK {
                let text = PQresultErrorMessage(r).map { String(cString: $0) } ?? PGConnection.message(handle)
                throw PGError(PGConnection.oneLine(text))
            }
        }
    }
}
