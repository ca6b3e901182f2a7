/// iCalendar documents (RFC 5545) for meetings and sessions, so a person can put them in their own calendar.
///
/// Times are written in UTC (`DTSTART:20270115T100000Z`) from England's wall-clock time (`LondonTime`), so no
/// `VTIMEZONE` block is needed and every calendar shows the right local time. Lines end in CRLF and are folded
/// at 75 octets (§3.1); text values escape backslash, semicolon, comma and line breaks (§3.3.11).
public enum ICalendar {
    /// One event: a meeting or a session.
    public struct Event: Sendable, Equatable {
        /// Unique and stable for the same meeting (`meeting-12@peerlink`), so importing again updates it.
        public var uid: String
        public var start: LocalDateTime
        public var minutes: Int
        public var summary: String
        public var description: String

        public init(uid: String, start: LocalDateTime, minutes: Int, summary: String, description: String = "") {
            self.uid = uid
            self.start = start
            self.minutes = minutes
            self.summary = summary
            self.description = description
        }
    }

    /// The whole `.ics` text: a calendar named `name` holding `events`, stamped at `stamp` (Unix seconds).
    public static func document(name: String, events: [Event], stamp: Int64) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//peerlink//school-to-school support//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name),
        ]
        for e in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(e.uid), "DTSTAMP:" + utc(stamp), "DTSTART:" + utc(unixSeconds(of: e.start)),
                "DURATION:PT\(max(e.minutes, 0))M", "SUMMARY:" + escape(e.summary),
            ]
            if !e.description.isEmpty { lines.append("DESCRIPTION:" + escape(e.description)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The instant of a wall-clock time in England. Daytime times are never ambiguous (the clocks change at
    /// 01:00 UTC), which is all meetings and sessions use.
    public static func unixSeconds(of t: LocalDateTime) -> Int64 {
        let naive = Int64(t.day.ordinal) * 86_400 + Int64(t.minute) * 60
        return naive - LondonTime.offsetSeconds(atUnixSeconds: naive - 3600)
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func utc(_ seconds: Int64) -> String {
        let day = Day(unixSeconds: seconds)
        let s = seconds - Int64(day.ordinal) * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(day.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(day.month) + two(day.day) + "T"
            + two(Int(s / 3600)) + two(Int(s % 3600 / 60)) + two(Int(s % 60)) + "Z"
    }

    /// RFC 5545 TEXT: `\` `;` `,` escaped, line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds a content line into lines of at most 75 octets, each continuation starting with a space, never
    /// inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var chunks: [String] = []
        var current = ""
        var octets = 0
        for ch in line {
            let n = String(ch).utf8.count
            let limit = chunks.isEmpty ? 75 : 74  // a continuation's leading space counts
            if octets + n > limit {
                chunks.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += n
        }
        chunks.append(current)
        return chunks.joined(separator: "\r\n ")
    }
}
