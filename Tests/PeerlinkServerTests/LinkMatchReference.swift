import PeerlinkCore
import PeerlinkServer
import PeerlinkWire

// The link match reply mapped through the generated types: the reference `LinkMatchEncodingTests` holds the
// hand-written encoder (`LinkMatchEncoder`) to. It says field by field what the reply carries, so
// a change of meaning must be made here and in `Sources/PeerlinkServer/FastPath/LinkMatchEncoding.swift` alike.

extension School {
    /// What a link hit or listing shows of a school.
    var linkWire: Peerlink_V1_LinkSchool {
        var w = Peerlink_V1_LinkSchool()
        w.urn = Int32(urn)
        w.name = name
        w.phase = phase.rawValue
        w.laCode = Int32(laCode)
        w.laName = laName
        w.region = region
        w.trust = trust ?? ""
        w.federation = federation ?? ""
        w.town = town
        return w
    }
}

extension LinkScores {
    var wire: Peerlink_V1_LinkScores {
        var w = Peerlink_V1_LinkScores()
        w.expertise = Float(expertise)
        w.context = Float(context)
        w.proximity = Float(proximity)
        w.novelty = Float(novelty)
        w.availability = Float(availability)
        return w
    }
}

extension LinkWeights {
    var wire: Peerlink_V1_LinkScores {
        LinkScores(
            expertise: expertise, context: context, proximity: proximity, novelty: novelty, availability: availability
        ).wire
    }
}

extension LinkHit {
    /// Built from the hit's own fields, and its nominee and school as `directory` has them (only the URN for a
    /// school it lacks, nothing for a missing nominee). Its reasons go into `phrases` (each text once, in order of
    /// first use) and the hit lists their positions there.
    func wire(in directory: Directory, phrases: inout [String]) -> Peerlink_V1_LinkHit {
        var w = Peerlink_V1_LinkHit()
        w.nominationID = nomination.id
        if let nominee = directory.people[nomination.personID] {
            w.nomineeName = nominee.name
            w.nomineeRole = nominee.role
            w.nomineeEmail = nominee.email
        }
        if let school = directory.schools[schoolURN] {
            w.school = school.linkWire
        } else {
            w.school.urn = Int32(truncatingIfNeeded: schoolURN)
        }
        if isRelated { w.relatedArea = areaID }
        w.strength = strength
        if let distanceMetres { w.distanceKm = Float(distanceMetres / 1000) }
        w.openLinks = UInt32(openLinks)
        w.capacity = UInt32(nomination.capacity)
        w.modes = nomination.modes.map(\.rawValue)
        w.total = Float(total)
        w.scores = scores.wire
        w.reasonIndexes = reasons.map { text in
            if let i = phrases.firstIndex(of: text) { return UInt32(i) }
            phrases.append(text)
            return UInt32(phrases.count - 1)
        }
        return w
    }
}

extension LinkMatch {
    func wire(in directory: Directory) -> Peerlink_V1_LinkMatchReply {
        var w = Peerlink_V1_LinkMatchReply()
        w.requester = requester.linkWire
        w.area = area.wire
        w.relatedAreas = relatedAreas
        w.weights = weights.wire
        var phrases: [String] = []
        w.hits = hits.map { $0.wire(in: directory, phrases: &phrases) }
        w.considered = UInt32(considered)
        for (exclusion, count) in excluded { w.excluded[exclusion.rawValue] = UInt32(count) }
        w.reasonPhrases = phrases
        return w
    }
}

