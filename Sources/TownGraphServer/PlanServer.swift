import Foundation
import Hummingbird
import Logging

/// `towngraph serve`: the page at `/`, its files at `/static/…` (read from the package's
/// resources into memory at start: a request names a file of that fixed set, never a path on
/// disk), and the JSON API at `/api/…` (``PlanService``). Questions are computed off the event
/// loop on at most one thread per core; one that takes longer than the timeout gets a 503,
/// the others wait their turn.
public enum PlanServer {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Seconds a request may take, waiting included.
        public var timeoutSeconds = 120.0
        public init() {}
    }

    /// Serves until SIGINT or SIGTERM; `started` gets the URL once the socket listens (with
    /// the port the system chose when `port` is 0).
    public static func run(
        service: PlanService, options: Options, started: @escaping @Sendable (String) -> Void
    ) async throws {
        let page = try PageFiles.load()
        let pool = ComputePool(threads: ProcessInfo.processInfo.activeProcessorCount, timeout: options.timeoutSeconds)
        let router = Router()
        typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response
        let index: Handler = { _, _ in page.response("index.html") }
        let files: Handler = { request, _ in page.response(String(request.uri.path.dropFirst("/static/".count))) }
        let api: Handler = { request, _ in
            guard request.uri.string.utf8.count <= APILimits.maxQueryBytes, let r = APIRequest(uri: request.uri.string)
            else {
                return Self.response(
                    .error(APIError(status: 414, "the request is longer than \(APILimits.maxQueryBytes) bytes")))
            }
            return Self.response(await pool.run { service.respond(r) })
        }
        // Every path answers GET, and HEAD with GET's status and headers but no body; any
        // other method gets a 405 naming the allowed ones.
        router.add(middleware: OnlyGetAndHead())
        for (path, handler) in [("/", index), ("/static/**", files), ("/api", api), ("/api/**", api)] {
            router.get(RouterPath(path), use: handler)
            router.head(RouterPath(path)) { request, context in
                let r = try await handler(request, context)
                return Response(status: r.status, headers: r.headers)
            }
        }
        var logger = Logger(label: "towngraph-serve")
        logger.logLevel = .warning
        let host = options.host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: options.port), serverName: "towngraph"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                let shown = host.contains(":") ? "[\(host)]" : host
                started("http://\(shown):\(port)/")
            },
            logger: logger)
        do {
            try await app.runService()
        } catch {
            let text = String(describing: error)
            if text.contains("Address already in use") {
                throw ServeError(
                    "cannot listen on \(host):\(options.port): the address is already in use (another server?); choose another --port"
                )
            }
            if text.contains("Cannot assign requested address") || text.contains("Name or service not known") {
                throw ServeError("cannot listen on \(host):\(options.port): no such address on this machine")
            }
            throw ServeError("towngraph serve stopped: \(text)")
        }
    }

    static func response(_ r: PlanService.Response) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = r.contentType
        headers[.cacheControl] = "no-store"
        return Response(
            status: HTTPResponse.Status(code: r.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: r.body)))
    }
}

/// Answers a 405 (with `Allow: GET, HEAD`) to every method but GET and HEAD, on any path:
/// nothing the server offers changes state.
struct OnlyGetAndHead<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var r = PlanServer.response(
                .error(
                    APIError(status: 405, "\(request.method) is not allowed: the page and the API answer GET and HEAD"))
            )
            r.headers[.allow] = "GET, HEAD"
            return r
        }
        return try await next(request, context)
    }
}

/// Why the server could not start or stopped, in one line.
public struct ServeError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The page's files, read once from the package's resources.
struct PageFiles: Sendable {
    let files: [String: (data: Data, type: String)]

    static func load() throws -> PageFiles {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Page") else {
            throw APIError(status: 500, "the page's files are missing from the installation")
        }
        var files: [String: (Data, String)] = [:]
        let base = root.resolvingSymlinksInPath().path
        let walker = FileManager.default.enumerator(atPath: base)
        while let rel = walker?.nextObject() as? String {
            let path = base + "/" + rel
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            files[rel] = (try Data(contentsOf: URL(fileURLWithPath: path)), mediaType(rel))
        }
        guard files["index.html"] != nil else {
            throw APIError(status: 500, "the page (index.html) is missing from \(base)")
        }
        return PageFiles(files: files)
    }

    static func mediaType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "json": return "application/json"
        default: return "text/plain; charset=utf-8"
        }
    }

    func response(_ name: String) -> Response {
        guard let f = files[name] else {
            return PlanServer.response(.error(APIError(status: 404, "no such file: \(name)")))
        }
        var headers = HTTPFields()
        headers[.contentType] = f.type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: f.data)))
    }
}

/// Runs blocking computations on a fixed number of threads, off the event loop, each answer
/// due within `timeout` seconds of the request (else a 503; the computation finishes
/// unseen and its thread returns to the pool).
final class ComputePool: Sendable {
    let queue: OperationQueue
    let timeout: Double

    init(threads: Int, timeout: Double) {
        let q = OperationQueue()
        q.maxConcurrentOperationCount = max(1, threads)
        q.qualityOfService = .userInitiated
        queue = q
        self.timeout = timeout
    }

    func run(_ work: @escaping @Sendable () -> PlanService.Response) async -> PlanService.Response {
        await withCheckedContinuation { (continuation: CheckedContinuation<PlanService.Response, Never>) in
            let once = Once(continuation)
            queue.addOperation { once.resume(work()) }
            let seconds = timeout
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                once.resume(
                    .error(APIError(status: 503, "the question took longer than \(Int(seconds)) s; ask a smaller one")))
            }
        }
    }

    /// Resumes a continuation once, whichever of the answer and the timeout comes first.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<PlanService.Response, Never>?
        init(_ c: CheckedContinuation<PlanService.Response, Never>) { continuation = c }
        func resume(_ r: PlanService.Response) {
            let c = lock.withLock { () -> CheckedContinuation<PlanService.Response, Never>? in
                defer { continuation = nil }
                return continuation
            }
            c?.resume(returning: r)
        }
    }
}
