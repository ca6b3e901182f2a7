import Foundation
import PeerlinkImport
import Testing

struct CSVTableTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n1,,3\n\nlast,row,here"
        let t = try CSVTable(text: text)
        #expect(t.header == ["a", "b", "c"])
        #expect(
            t.rows.map(\.fields) == [
                ["x, y", "say \"hi\"", "two\r\nlines"], ["1", "", "3"], ["last", "row", "here"],
            ]
        )
        // The header is row 1; a line break inside quotes does not start a row; a blank line still counts.
        #expect(t.rows.map(\.number) == [2, 3, 5])
    }

    @Test func unterminatedQuoteNamesTheRowItStartedOn() {
        #expect(throws: CSVTable.ParseError.self) { try CSVTable(text: "a,b\r\n1,2\r\n\"open,3\r\n") }
        do {
            _ = try CSVTable(text: "a,b\r\n1,2\r\n\"open,3\r\n")
        } catch {
            #expect(error.row == 3)
        }
    }

    @Test func windows1252BytesDecodeToTheirCharacters() {
        let bytes: [UInt8] = Array("St John".utf8) + [0x92] + Array("s ".utf8) + [0x80, 0x20, 0xE0, 0x20, 0x96]
        let (text, encoding) = TextDecoding.decode(bytes)
        #expect(encoding == .windows1252)
        #expect(text == "St John\u{2019}s \u{20AC} à \u{2013}")
    }

    @Test func utf8WithAndWithoutBOM() {
        let plain = Array("Tom O\u{2019}Neill".utf8)
        #expect(TextDecoding.decode(plain) == ("Tom O\u{2019}Neill", .utf8))
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF] + plain) == ("Tom O\u{2019}Neill", .utf8BOM))
    }
}
