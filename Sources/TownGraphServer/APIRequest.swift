import Foundation
import TownGraphModel

/// A request to the API: its path below `/api/` split at slashes, and its query parameters
/// (a parameter may repeat; `a=1,2` is one value). Made from the raw URI, so the service
/// does not depend on the HTTP server.
public struct APIRequest: Sendable {
    public let path: [String]
    public let query: [(name: String, value: String)]

    public init(path: [String], query: [(name: String, value: String)]) {
        self.path = path
        self.query = query
    }

    /// Parses `/api/datasets/dongying/reach?from=主城区&minutes=30,45` (percent-encoded or not).
    /// A path outside `/api/` gives nil.
    public init?(uri: String) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts[0])
        guard rawPath == "/api" || rawPath.hasPrefix("/api/") else { return nil }
        path = rawPath.dropFirst(4).split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var query: [(String, String)] = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ s: Substring) -> String {
                    let plus = s.replacingOccurrences(of: "+", with: " ")
                    return plus.removingPercentEncoding ?? plus
                }
                query.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
            }
        }
        self.query = query
    }

    /// Every value of a parameter, in order.
    public func values(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    /// Every value of a repeatable parameter, none empty, at most ``APILimits/maxValues``.
    public func list(_ name: String) throws -> [String] {
        let v = values(name)
        guard v.count <= APILimits.maxValues else {
            throw APIError(parameter: name, "at most \(APILimits.maxValues) values")
        }
        if v.contains(where: \.isEmpty) { throw APIError(parameter: name, "\(name) is empty") }
        return v
    }

    /// The one value of a parameter (nil when absent; two values are a bad request).
    public func value(_ name: String) throws -> String? {
        let v = values(name)
        if v.count > 1 { throw APIError(parameter: name, "give \(name) once") }
        if let first = v.first, first.isEmpty { throw APIError(parameter: name, "\(name) is empty") }
        return v.first
    }

    public func required(_ name: String) throws -> String {
        guard let v = try value(name) else { throw APIError(parameter: name, "\(name) is required") }
        return v
    }

    /// A number parameter within `range`.
    public func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = try value(name) else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw APIError(parameter: name, "\(name) must be a number, not \(text)")
        }
        guard range.contains(v) else {
            throw APIError(
                parameter: name,
                "\(name) must lie between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))")
        }
        return v
    }

    /// Time limits in minutes: `minutes=30,45,90`, each in (0, `APILimits.maxMinutes`], at
    /// most `APILimits.maxLimits` of them; `fallback` when absent.
    public func minutes(default fallback: [Double]) throws -> [Double] {
        guard let text = try value("minutes") else { return fallback }
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= APILimits.maxLimits else {
            throw APIError(parameter: "minutes", "at most \(APILimits.maxLimits) limits")
        }
        var out: [Double] = []
        for p in parts {
            guard let v = Double(p), v.isFinite else {
                throw APIError(parameter: "minutes", "minutes must be numbers, not \(p)")
            }
            guard v > 0, v <= APILimits.maxMinutes else {
                throw APIError(
                    parameter: "minutes",
                    "each limit must be above 0 and at most \(Self.format(APILimits.maxMinutes)) minutes")
            }
            out.append(v)
        }
        guard !out.isEmpty else { throw APIError(parameter: "minutes", "minutes is empty") }
        return out
    }

    /// The scenario year (nil: today's roads; `base` says so too).
    public func scenario() throws -> Int? {
        guard let text = try value("scenario"), text != "base" else { return nil }
        guard let year = Int(text), (1900...2200).contains(year) else {
            throw APIError(parameter: "scenario", "scenario must be base or a year such as 2035, not \(text)")
        }
        return year
    }

    /// Refuses parameters the endpoint does not know (a typo must not be silently ignored).
    public func allow(_ names: Set<String>) throws {
        for (name, _) in query where !names.contains(name) {
            throw APIError(
                parameter: name,
                "unknown parameter \(name) (this endpoint takes: \(names.sorted().joined(separator: ", ")))")
        }
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}

/// A request the API answers with 400 (or `status`), naming the parameter at fault.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let parameter: String?
    public let message: String

    public init(status: Int = 400, parameter: String? = nil, _ message: String) {
        self.status = status
        self.parameter = parameter
        self.message = message
    }

    public var description: String { message }
}

/// The bounds on what one request may ask.
public enum APILimits {
    /// Origins of a matrix or isochrone request.
    public static let maxOrigins = 50
    /// Destinations of a matrix.
    public static let maxDestinations = 500
    /// Time limits per request, and the largest.
    public static let maxLimits = 6
    public static let maxMinutes = 600.0
    /// Values of one repeated parameter, and the length of a query.
    public static let maxValues = 20
    public static let maxQueryBytes = 4096
}
