import Foundation
import PeerlinkCore
import Testing

/// `.ics` export (RFC 5545): each event read back by a small parser here gives its start (UTC, from England's
/// time), its duration and its summary.
struct ICalendarTests {
    /// Unfolds the content lines and returns each VEVENT's properties.
    static func events(_ text: String) -> [[String: String]] {
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        var out: [[String: String]] = []
        var current: [String: String]? = nil
        for line in unfolded.components(separatedBy: "\r\n") where !line.isEmpty {
            #expect(line.utf8.count <= 1000)
            if line == "BEGIN:VEVENT" { current = [:]; continue }
            if line == "END:VEVENT", let c = current { out.append(c); current = nil; continue }
            guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
            current![String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return out
    }

    @Test func eachEventHasItsStartInUTCItsDurationAndItsSummary() {
        let text = ICalendar.document(
            name: "Spring 2027",
            events: [
                ICalendar.Event(uid: "s-1@peerlink", start: LocalDateTime(iso: "2027-01-14T11:30")!, minutes: 90, summary: "Group 1, session 1"),
                ICalendar.Event(uid: "s-2@peerlink", start: LocalDateTime(iso: "2027-06-10T11:30")!, minutes: 90, summary: "Group 1, session 2; online, maybe"),
            ],
            stamp: 1_790_000_000)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        let e = Self.events(text)
        #expect(e.count == 2)
        #expect(e[0]["DTSTART"] == "20270114T113000Z", "GMT in January")
        #expect(e[1]["DTSTART"] == "20270610T103000Z", "BST in June: 11:30 in England is 10:30 UTC")
        #expect(e.allSatisfy { $0["DURATION"] == "PT90M" })
        #expect(e[0]["SUMMARY"] == "Group 1\\, session 1")
        #expect(e[1]["SUMMARY"] == "Group 1\\, session 2\\; online\\, maybe")
        #expect(e[0]["UID"] == "s-1@peerlink" && e[0]["DTSTAMP"] == "20260921T141320Z")
    }

    @Test func longLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        let summary = String(repeating: "Château – été ", count: 12)
        let text = ICalendar.document(
            name: "x", events: [ICalendar.Event(uid: "u", start: LocalDateTime(iso: "2027-03-01T10:00")!, minutes: 60, summary: summary)],
            stamp: 0)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        #expect(Self.events(text).first?["SUMMARY"] == summary)
    }

    @Test func theClockChangeDaysGiveTheRightInstant() {
        // 2026: BST from 29 March to 25 October.
        #expect(ICalendar.unixSeconds(of: LocalDateTime(iso: "2026-03-27T10:00")!) % 86_400 == 10 * 3600)
        #expect(ICalendar.unixSeconds(of: LocalDateTime(iso: "2026-03-30T10:00")!) % 86_400 == 9 * 3600)
        #expect(ICalendar.unixSeconds(of: LocalDateTime(iso: "2026-10-23T10:00")!) % 86_400 == 9 * 3600)
        #expect(ICalendar.unixSeconds(of: LocalDateTime(iso: "2026-10-26T10:00")!) % 86_400 == 10 * 3600)
    }
}
