import Foundation
@testable import PeerlinkImport
import Testing

/// What the CLI writes for spreadsheets, read back with the project's own readers.
struct SpreadsheetWriterTests {
    static let header = ["area", "total", "where"]
    static let rows = [
        ["Mathematics", "12", "Surrey 7, Hampshire 5"],
        ["Design and technology", "0", ""],
        ["Careers \"and\" work, experience", "3", "line one\nline two"],
        ["=HYPERLINK(\"x\")", "-4", "Château – été"],
    ]

    @Test func csvHasABOMAndCRLFAndReadsBackAsTheSameTable() throws {
        let bytes = SpreadsheetWriter.csv(header: Self.header, rows: Self.rows)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark, so Excel reads UTF-8")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
        let table = try CSVTable(bytes: bytes)
        #expect(table.header == Self.header)
        #expect(table.rows.map(\.fields) == [
            Self.rows[0], Self.rows[1], Self.rows[2],
            ["'=HYPERLINK(\"x\")", "-4", "Château – été"],  // a formula is written as text
        ])
    }

    @Test func xlsxReadsBackWithTheProjectsReader() throws {
        let data = try SpreadsheetWriter.xlsx([SpreadsheetWriter.Sheet(name: "coverage", header: Self.header, rows: Self.rows)])
        let sheet = try XLSXSheet(data: data)
        #expect(sheet.rows.count == 5)
        func text(_ r: Int, _ c: Int) -> String? {
            switch sheet.rows[r].cells[c] {
            case .text(let t)?: t
            case .number(let n)?: n == n.rounded() ? String(Int(n)) : String(n)
            default: nil
            }
        }
        #expect((0..<3).map { text(0, $0) } == Self.header)
        #expect(text(1, 0) == "Mathematics" && text(1, 1) == "12")
        if case .number(let n)? = sheet.rows[1].cells[1] { #expect(n == 12) } else { Issue.record("a count is a number cell") }
        #expect(text(3, 0) == "Careers \"and\" work, experience" && text(3, 2) == "line one\nline two")
        #expect(text(4, 2) == "Château – été")
        #expect(sheet.rows[2].cells[2] == nil, "an empty cell is left out")
    }

    @Test func aWorksheetIsReadBackByItsName() throws {
        let data = try SpreadsheetWriter.xlsx([
            SpreadsheetWriter.Sheet(name: "coverage", header: ["area"], rows: [["Mathematics"]]),
            SpreadsheetWriter.Sheet(name: "asked, none offered", header: ["area"], rows: [["Computing"], ["EAL"]]),
        ])
        #expect(try XLSXSheet(data: data).rows.count == 2, "the first worksheet without a name")
        let second = try XLSXSheet(data: data, sheet: "asked, none offered")
        #expect(second.rows.map { $0.cells[0] } == [.text("area"), .text("Computing"), .text("EAL")])
        #expect(throws: XLSXSheet.ReadError(
            message: "the workbook has no worksheet named 'gaps'; its worksheets: 'coverage', 'asked, none offered'")) {
            try XLSXSheet(data: data, sheet: "gaps")
        }
    }

    @Test func sheetNamesFollowExcelsRules() {
        #expect(SpreadsheetWriter.uniqueSheetNames(["links", "Links", "a/b:c*d?[e]", "", String(repeating: "x", count: 40)])
            == ["links", "Links 2", "abcde", "Sheet4", String(repeating: "x", count: 31)])
        #expect(SpreadsheetWriter.column(0) == "A" && SpreadsheetWriter.column(25) == "Z" && SpreadsheetWriter.column(26) == "AA")
    }
}
