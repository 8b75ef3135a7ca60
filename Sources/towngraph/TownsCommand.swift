import ArgumentParser
import TownGraphInput
import TownGraphModel
import TownGraphOutput

struct TownsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "towns",
        abstract: "List settlements, filtered by level, function type, sub-class, county, name, distance or area.",
        discussion: """
            Filters combine: every one given must hold. A filter may list several values, comma-separated or repeated, any of which may match. Levels, types and sub-classes are matched by id, Chinese name or English name; counties by id, Chinese name, pinyin or code; settlements by id, Chinese name (镇/乡 may be left off) or pinyin.

            Examples:
              towngraph towns --function industry-commerce
              towngraph towns --level key-town,small-town --county 广饶县
              towngraph towns --near 广饶县城 --within-km 15 --format csv
              towngraph towns --inside area.geojson --format geojson -o t.geojson
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: ArgumentHelp("Level (id, 中文 or English name).", valueName: "level"))
    var level: [String] = []
    @Option(
        name: [.customLong("function"), .customLong("type")], help: ArgumentHelp("Function type.", valueName: "type"))
    var function: [String] = []
    @Option(
        name: .customLong("sub-class"),
        help: ArgumentHelp("Sub-class (for example featured-town / 特色镇).", valueName: "sub-class"))
    var subClass: [String] = []
    @Option(help: ArgumentHelp("County-level unit.", valueName: "county"))
    var county: [String] = []
    @Option(help: ArgumentHelp("Settlement id.", valueName: "id"))
    var id: [String] = []
    @Option(help: ArgumentHelp("Settlement name, Chinese or pinyin.", valueName: "name"))
    var name: [String] = []
    @Option(help: ArgumentHelp("Keep settlements near this one (needs --within-km).", valueName: "settlement"))
    var near: String?
    @Option(
        name: .customLong("within-km"),
        help: ArgumentHelp("Distance for --near, in kilometres, measured in the dataset's metric CRS.", valueName: "km")
    )
    var withinKm: Double?
    @Option(help: ArgumentHelp("Keep settlements inside the polygons of a GeoJSON file (WGS84).", valueName: "file"))
    var inside: String?
    @Option(help: "Output format: table, csv, json or geojson.")
    var format: OutputFormat = .table
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to a file instead of standard output (- for standard output).", valueName: "file"))
    var output: String = "-"
    @Option(help: "Decimal places for coordinates in csv, json and geojson.")
    var precision: Int = 6

    func validate() throws {
        try require(format, in: [.table, .csv, .json, .geojson])
        if (near == nil) != (withinKm == nil) { throw ValidationError("--near and --within-km go together") }
        if let km = withinKm, !(km >= 0 && km.isFinite) {
            throw ValidationError("--within-km must be a non-negative number")
        }
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
    }

    /// The filters as a selection (the --inside file is read here: a runtime error if bad).
    func selection() throws -> Selection {
        var s = Selection()
        if !level.isEmpty { s = s.and(.level(Selection.terms(level))) }
        if !function.isEmpty { s = s.and(.functionType(Selection.terms(function))) }
        if !subClass.isEmpty { s = s.and(.subClass(Selection.terms(subClass))) }
        if !county.isEmpty { s = s.and(.county(Selection.terms(county))) }
        if !id.isEmpty { s = s.and(.id(Selection.terms(id))) }
        if !name.isEmpty { s = s.and(.name(Selection.terms(name))) }
        if let near, let km = withinKm { s = s.and(.near(settlement: near, metres: km * 1000)) }
        if let inside { s = s.and(.inside(try PolygonFile.read(inside))) }
        return s
    }

    func run() throws {
        let d = try dataset.load()
        noteWarnings(d)
        let found = try selection().apply(to: d)
        try OutputFile.write(SettlementListing.render(found, of: d, format: format, decimals: precision), to: output)
    }
}
