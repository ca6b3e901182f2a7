/// One short phrase explaining a link hit, kept as the facts behind it.
///
/// `write(to:)` is the only place the wording lives: people get it through `text` (a `String`), and the link
/// match reply writes it straight into protobuf bytes with no `String` built in between (the hot path).
public enum LinkReason: Sendable, Equatable {
    /// The nomination covers the asked area ("covers Mathematics").
    case covers(areaName: String)
    /// It matched through a related area ("related area: Statistics").
    case relatedArea(name: String)
    case samePhase
    /// The nominee's phase when it is compatible with the requester's but not the same.
    case compatiblePhase(Phase)
    /// The nominee's phase when a cross-phase query let an incompatible one through.
    case differentPhase(Phase)
    case similarSize
    case bothRural
    case bothUrban
    /// The shared type group ("same type (academy)").
    case sameType(String)
    case sameReligiousCharacter(String)
    /// Metres between the two schools ("under 1 km", "3.4 km", "12 km").
    case distance(metres: Double)
    /// In person, but one of the schools has no grid reference.
    case distanceUnknown
    case sameTrust(String)
    /// At least one of the two schools is in a trust, and not the same one.
    case differentTrust
    case sameFederation(String)
    /// A local network both schools are recorded in.
    case sameNetwork(String)
    /// Links ever made between the two schools ("no earlier link", "linked once before", "linked 3 times before").
    case earlierLinks(Int)
    /// "1 of 2 places free".
    case placesFree(spare: Int, capacity: Int)

    /// The phrase as people read it.
    public var text: String {
        var sink = StringSink()
        write(to: &sink)
        return sink.text
    }

    /// Writes the phrase into `sink`, piece by piece. Inlinable so that the reply encoder gets a copy made for
    /// its own sink: called through the protocol, each piece was a dynamic call (a tenth of a link match).
    @inlinable
    public func write<Sink: TextSink & ~Copyable>(to sink: inout Sink) {
        switch self {
        case .covers(let name):
            sink.write("covers ")
            sink.write(text: name)
        case .relatedArea(let name):
            sink.write("related area: ")
            sink.write(text: name)
        case .samePhase:
            sink.write("same phase")
        case .compatiblePhase(let phase):
            sink.write("compatible phase", naming: phase.rawValue)
        case .differentPhase(let phase):
            sink.write("different phase", naming: phase.rawValue)
        case .similarSize:
            sink.write("similar size")
        case .bothRural:
            sink.write("both rural")
        case .bothUrban:
            sink.write("both urban")
        case .sameType(let type):
            sink.write("same type", naming: type)
        case .sameReligiousCharacter(let character):
            sink.write("same religious character", naming: character)
        case .distance(let metres):
            let shown = Self.shownDistance(metres: metres)
            if shown == 0 {
                sink.write("under 1 km")
            } else if shown < 100 {
                sink.write(shown / 10)
                sink.write(".")
                sink.write(shown % 10)
                sink.write(" km")
            } else {
                sink.write(shown - 100)
                sink.write(" km")
            }
        case .distanceUnknown:
            sink.write("distance unknown")
        case .sameTrust(let trust):
            sink.write("same trust", naming: trust)
        case .differentTrust:
            sink.write("different trust")
        case .sameFederation(let federation):
            sink.write("same federation", naming: federation)
        case .sameNetwork(let network):
            sink.write("same network", naming: network)
        case .earlierLinks(let count):
            switch count {
            case 0: sink.write("no earlier link")
            case 1: sink.write("linked once before")
            default:
                sink.write("linked ")
                sink.write(count)
                sink.write(" times before")
            }
        case .placesFree(let spare, let capacity):
            sink.write(spare)
            sink.write(" of ")
            sink.write(capacity)
            sink.write(capacity == 1 ? " place free" : " places free")
        }
    }
}

extension LinkReason {
    /// The distance a `.distance` phrase shows, as one number: 0 for "under 1 km", tenths of a km (10–99) below
    /// 9.95 km ("3.4 km"), else 100 + whole km ("12 km"). Equal numbers read the same, so the reply encoder finds
    /// a phrase it has written already by this number instead of by its text.
    @inlinable
    public static func shownDistance(metres: Double) -> Int {
        let km = metres / 1000
        if km < 1 { return 0 }
        if km < 9.95 { return Int((km * 10).rounded()) }
        return 100 + Int(km.rounded())
    }
}

/// Where rendered text goes: a `String` for people (`StringSink`), or UTF-8 bytes straight into a reply.
public protocol TextSink: ~Copyable {
    mutating func write(_ literal: StaticString)
    mutating func write(text: String)
    /// Decimal, with a leading "-" when negative.
    mutating func write(_ number: Int)
}

extension TextSink where Self: ~Copyable {
    /// "label (value)".
    @inlinable
    mutating func write(_ label: StaticString, naming value: String) {
        write(label)
        write(" (")
        write(text: value)
        write(")")
    }
}

/// Collects rendered text into a `String`.
public struct StringSink: TextSink {
    public private(set) var text = ""

    public init() {}

    public mutating func write(_ literal: StaticString) { text += literal.description }
    public mutating func write(text: String) { self.text += text }
    public mutating func write(_ number: Int) { text += String(number) }
}
