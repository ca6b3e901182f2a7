import PeerlinkCore
import PeerlinkWire
import Testing

@Suite struct ImportMappingTests {
    @Test func successionRoundTripsAndABadDateNamesTheField() throws {
        let s = Succession(predecessor: 115905, successor: 136078, linkType: "Successor - merged",
                           date: Day(year: 2011, month: 3, day: 31))
        #expect(try Succession(wire: s.wire) == s)
        var w = s.wire
        w.linkType = ""
        w.date = ""
        #expect(try Succession(wire: w) == Succession(predecessor: 115905, successor: 136078))
        w.date = "31-03-2011"
        #expect(throws: PeerlinkError.self) { try Succession(wire: w) }
        do { _ = try Succession(wire: w) } catch { #expect(error.field == "date") }
    }

    @Test func outcomeCarriesCountsAndFaultsByRecordIndex() {
        var o = ImportOutcome()
        o.dispositions = [.new, .rejected, .unchanged, .updated, .new]
        o.faults = [RecordFault(index: 1, error: .badRequest("a school needs a name", field: "name"))]
        o.notes = ["a note"]
        o.batchRejected = true
        let w = o.wire(kind: "gias", records: 5, rows: [2, 3, 4, 5, 6])
        #expect((w.rows, w.new, w.updated, w.unchanged, w.rejected) == (5, 2, 1, 1, 1))
        #expect(w.faults.count == 1)
        #expect(w.faults[0].index == 1 && w.faults[0].row == 3 && w.faults[0].field == "name")
        #expect(w.faults[0].code == "bad_request")
        let back = ImportOutcome(wire: w)
        #expect((back.new, back.updated, back.unchanged, back.rejected) == (2, 1, 1, 1))
        #expect(back.faults == o.faults)
        #expect(back.notes == ["a note"] && back.batchRejected)
    }
}
