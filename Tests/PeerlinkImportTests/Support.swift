import Foundation
import PeerlinkCore
import PeerlinkImport

/// Bytes of a fixture under `Fixtures/`.
func fixture(_ path: String) throws -> Data {
    try Data(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/" + path))
}

/// The repository's `schema/` folder (the taxonomy and the default mapping are project data, not fixtures).
let schemaFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("schema")

/// The shipped area taxonomy, read from `schema/0002-area-taxonomy.sql`'s VALUES tuples.
func taxonomy() throws -> [Area] {
    let sql = try String(contentsOf: schemaFolder.appendingPathComponent("0002-area-taxonomy.sql"), encoding: .utf8)
    var areas: [Area] = []
    for line in sql.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("('") {
        // ('id', 'Name', 'kind', parent-or-NULL, 'phases', 'aliases')
        var fields: [String?] = []
        var rest = Substring(line.trimmingCharacters(in: .whitespaces).dropFirst())
        while !rest.isEmpty && fields.count < 6 {
            rest = rest.drop { $0 == " " || $0 == "," }
            if rest.hasPrefix("NULL") {
                fields.append(nil)
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("'") {
                var value = ""
                var i = rest.index(after: rest.startIndex)
                while i < rest.endIndex {
                    if rest[i] == "'" {
                        let next = rest.index(after: i)
                        if next < rest.endIndex && rest[next] == "'" {
                            value.append("'"); i = rest.index(after: next); continue
                        }
                        break
                    }
                    value.append(rest[i])
                    i = rest.index(after: i)
                }
                fields.append(value)
                rest = rest[rest.index(after: i)...]
            } else {
                break
            }
        }
        guard fields.count == 6, let id = fields[0], let name = fields[1],
            let kind = AreaKind(rawValue: fields[2] ?? "")
        else { continue }
        areas.append(
            Area(
                id: id,
                name: name,
                kind: kind,
                parent: fields[3],
                phases: (fields[4] ?? "").split(separator: ",").compactMap { Phase(rawValue: String($0)) },
                aliases: (fields[5] ?? "").split(separator: "|").map(String.init)
            )
        )
    }
    return areas
}

/// A directory holding the taxonomy and the schools of `gias` fixture files, as a fresh server would after
/// `peerlink import gias`.
func directory(withSchoolsFrom files: [String] = ["gias/surrey_all_open_2021-05_gias.csv"]) throws -> Directory {
    var d = Directory()
    Change(try taxonomy()).apply(to: &d)
    for f in files {
        let plan = Importer.planSchools(GIASReader.establishments(try fixture(f)), in: d, keepGood: false)
        plan.change.apply(to: &d)
    }
    return d
}

/// A draft in a comparable form (NominationDraft holds tuples, so it is not Equatable).
func summary(_ d: NominationDraft) -> String {
    "\(d.urn)|\(d.nomineeName)|\(d.nomineeEmail)|\(d.nomineeRole)|"
        + d.areas.map { "\($0.area)=\($0.strength)" }.joined(separator: ",")
        + "|\(d.capacity.map(String.init) ?? "-")|\(d.modes.map(\.rawValue))|\(d.consent)|\(d.nominatedBy.map(String.init) ?? "-")"
}
