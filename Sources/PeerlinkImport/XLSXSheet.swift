public import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One worksheet (the first, or one named) of an `.xlsx` workbook, read straight from the file (a zip of XML
/// parts, ECMA-376 Part 1 §18): shared strings, inline strings, numbers, booleans, and date cells (numbers whose
/// style is a date format), in the 1900 or 1904 date system the workbook declares.
public struct XLSXSheet: Sendable {
    /// One cell's value as Excel holds it.
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A number shown with a date or time format: serial days converted to a local date and time.
        case dateTime(FormDateTime)
    }

    /// Spreadsheet row number (1-based, as Excel shows it) → cells by 0-based column.
    public var rows: [(number: Int, cells: [Int: Value])]

    /// Why a file could not be read as a workbook.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the first worksheet, or with `sheet` the worksheet of that tab name (a workbook the CLI writes with
    /// `--xlsx` holds one per table); throws naming the tabs there are when none is called `sheet`.
    public init(data: Data, sheet: String? = nil) throws(ReadError) {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ReadError(message: "not an .xlsx workbook (not a zip file); save it from Excel as .xlsx or .csv")
        }
        func part(_ path: String) throws(ReadError) -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            } catch {
                throw ReadError(message: "the workbook part \(path) is damaged; save the file again from Excel")
            }
            return out
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw ReadError(message: "not an .xlsx workbook (no xl/workbook.xml); save it from Excel as .xlsx")
        }
        let book = XMLTree.parse(workbook)
        let date1904 = book.first("workbookPr")?.attributes["date1904"].map { $0 == "1" || $0 == "true" } ?? false
        var sheetPath = "xl/worksheets/sheet1.xml"
        let tabs = book.all("sheet")
        var chosen = tabs.first
        if let sheet {
            chosen = tabs.first { $0.attributes["name"] == sheet }
            guard chosen != nil else {
                let names = tabs.compactMap { $0.attributes["name"] }.map { "'\($0)'" }.joined(separator: ", ")
                throw ReadError(message: "the workbook has no worksheet named '\(sheet)'; its worksheets: \(names)")
            }
        }
        if let firstSheet = chosen, let rid = firstSheet.attributes["r:id"],
            let relsData = try part("xl/_rels/workbook.xml.rels"),
            let rel = XMLTree.parse(relsData).all("Relationship").first(where: { $0.attributes["Id"] == rid }),
            let target = rel.attributes["Target"]
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard let sheetData = try part(sheetPath) else {
            throw ReadError(message: "the workbook has no worksheet at \(sheetPath); save it again from Excel")
        }
        var shared: [String] = []
        if let sst = try part("xl/sharedStrings.xml") {
            shared = XMLTree.parse(sst).all("si").map { $0.text(excluding: "rPh") }
        }
        var dateStyles: Set<Int> = []
        if let styles = try part("xl/styles.xml") {
            dateStyles = XLSXSheet.dateStyleIndexes(XMLTree.parse(styles))
        }
        var rows: [(number: Int, cells: [Int: Value])] = []
        for (n, row) in XMLTree.parse(sheetData).all("row").enumerated() {
            let number = row.attributes["r"].flatMap { Int($0) } ?? (rows.last.map { $0.number + 1 } ?? n + 1)
            var cells: [Int: Value] = [:]
            var nextColumn = 0
            for c in row.children where c.name == "c" {
                let column = c.attributes["r"].flatMap(XLSXSheet.columnIndex) ?? nextColumn
                nextColumn = column + 1
                let raw = c.first("v")?.text() ?? ""
                switch c.attributes["t"] ?? "n" {
                case "s":
                    if let i = Int(raw), i >= 0, i < shared.count { cells[column] = .text(shared[i]) }
                case "inlineStr":
                    cells[column] = .text(c.first("is")?.text(excluding: "rPh") ?? "")
                case "str", "e":
                    cells[column] = .text(raw)
                case "b":
                    cells[column] = .text(raw == "1" ? "TRUE" : "FALSE")
                case "d":
                    cells[column] = FormDateTime(iso: raw).map { .dateTime($0) } ?? .text(raw)
                default:
                    guard let v = Double(raw) else { continue }
                    let style = c.attributes["s"].flatMap { Int($0) } ?? 0
                    if dateStyles.contains(style), let d = FormDateTime(excelSerial: v, date1904: date1904) {
                        cells[column] = .dateTime(d)
                    } else {
                        cells[column] = .number(v)
                    }
                }
            }
            rows.append((number, cells))
        }
        self.rows = rows
    }

    /// "AB12" → 27 (0-based column of the cell reference).
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0
        var any = false
        for u in reference.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64)
            any = true
        }
        return any ? n - 1 : nil
    }

    /// Indexes into `cellXfs` whose number format shows a date or time: the built-in ids 14–22 and 45–47
    /// (ECMA-376 §18.8.30), and custom formats with d, m, y, h or s outside quotes and brackets.
    static func dateStyleIndexes(_ styles: XMLTree) -> Set<Int> {
        var dateFormats = Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47])
        for f in styles.all("numFmt") {
            guard let id = f.attributes["numFmtId"].flatMap({ Int($0) }), let code = f.attributes["formatCode"] else {
                continue
            }
            var inQuote = false, inBracket = false, isDate = false
            for ch in code.lowercased() {
                switch ch {
                case "\"": inQuote.toggle()
                case "[": inBracket = true
                case "]": inBracket = false
                case "d", "m", "y", "h", "s": if !inQuote && !inBracket { isDate = true }
                default: break
                }
            }
            if isDate { dateFormats.insert(id) }
        }
        var out: Set<Int> = []
        if let xfs = styles.first("cellXfs") {
            for (i, xf) in xfs.children.filter({ $0.name == "xf" }).enumerated() {
                if let id = xf.attributes["numFmtId"].flatMap({ Int($0) }), dateFormats.contains(id) { out.insert(i) }
            }
        }
        return out
    }
}

/// A small XML element tree, enough for the parts of a workbook (which are small apart from the sheet).
final class XMLTree {
    let name: String
    let attributes: [String: String]
    var children: [XMLTree] = []
    var ownText = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Parses `data`; on malformed XML returns what was read up to the error (callers then find no cells).
    static func parse(_ data: Data) -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        _ = parser.parse()
        return builder.root
    }

    /// Local name without a namespace prefix (`x:row` → `row`).
    var localName: Substring { name.split(separator: ":").last ?? Substring(name) }

    func first(_ local: String) -> XMLTree? {
        for c in children {
            if c.localName == local { return c }
            if let f = c.first(local) { return f }
        }
        return nil
    }

    func all(_ local: String) -> [XMLTree] {
        var out: [XMLTree] = []
        func walk(_ t: XMLTree) {
            for c in t.children {
                if c.localName == local { out.append(c) } else { walk(c) }
            }
        }
        walk(self)
        return out
    }

    /// All text below this element, skipping elements named `excluding` (e.g. phonetic runs).
    func text(excluding: String? = nil) -> String {
        var s = ownText
        for c in children where c.localName != excluding ?? "" { s += c.text(excluding: excluding) }
        return s
    }

    private final class Builder: NSObject, XMLParserDelegate {
        let root = XMLTree(name: "", attributes: [:])
        var stack: [XMLTree] = []

        override init() {
            super.init()
            stack = [root]
        }

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let e = XMLTree(name: elementName, attributes: attributeDict)
            stack.last!.children.append(e)
            stack.append(e)
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            if stack.count > 1 { stack.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Only leaf text (<t>, <v>) matters; whitespace between elements would pollute it.
            let e = stack.last!
            if e.localName == "t" || e.localName == "v" { e.ownText += string }
        }
    }
}
