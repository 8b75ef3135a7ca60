// Coverage-guided fuzzing of TownGraph's readers with libFuzzer (`make fuzz`). Built with
// `-sanitize=fuzzer,address -DFUZZING`, main hands over to libFuzzer's driver, which calls
// `fuzzOne` with each input; TOWNGRAPH_FUZZ_TARGET picks the reader. A plain build makes a
// program that says how to run it.
#if FUZZING
    import CFuzzer
    import Foundation
    import GeoKit
    import JSONKit
    import OSMKit
    @testable import TownGraphInput
    import TownGraphModel

    /// The readers that take untrusted bytes.
    enum FuzzTarget: String {
        case pbf, xml, geojson, manifest

        static let current: FuzzTarget = {
            let name = ProcessInfo.processInfo.environment["TOWNGRAPH_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                fatalError("set TOWNGRAPH_FUZZ_TARGET to pbf, xml, geojson or manifest")
            }
            return target
        }()
    }

    /// Road classes for network GeoJSON that declares none.
    let classes = [
        RoadClass(
            id: "expressway", nameZh: "高速公路", nameEn: "expressway", speedKmh: 100, controlledAccess: true,
            attachable: false),
        RoadClass(
            id: "trunk-road", nameZh: "干线公路", nameEn: "trunk road", speedKmh: 60, controlledAccess: false,
            attachable: true),
    ]
    let spec = NetworkSpec(file: "", description: "fuzz", classes: classes, options: NetworkOptions())

    @main
    enum Fuzz {
        /// Hands control to libFuzzer's driver with the command line (corpus folders, options).
        static func main() {
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv) { start, count in fuzzOne(start, count) })
        }
    }

    /// libFuzzer's entry point: one input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let data = start.map { Data(bytes: $0, count: count) } ?? Data()
        let request = OSMReadRequest(
            wayKeys: ["highway"], taggedNodeKeys: ["highway"], nodePositions: OSMNodeIDSet([1, 2, 3, 4, 5]))
        switch FuzzTarget.current {
        case .pbf:
            if let file = try? PBFFile(path: "fuzz.osm.pbf", data: data) {
                try? file.read(request) { _ in }
            }
        case .xml:
            try? OSMXMLFile(path: "fuzz.osm", data: data).read(request) { _ in }
        case .geojson:
            if let collection = try? FeatureCollectionFile.parse(data, file: "fuzz.geojson") {
                _ = try? RoadNetworkLoader.load(collection, path: "fuzz.geojson", spec: spec)
            }
        case .manifest:
            _ = try? DatasetManifest.decode(data, directory: "fuzz")
        }
        return 0
    }
#else
    @main
    enum FuzzUsage {
        static func main() {
            print("towngraph-fuzz is built for libFuzzer by `make fuzz` (see the README); this build only says so.")
        }
    }
#endif
