import PeerlinkCore
import Testing

/// The one rule set for who may act for whom (`Authority.swift`).
struct AuthorityTests {
    var f = PeerSupportFixture()
    let otherURN = 100_002
    let otherHead: Int64 = 2

    init() {
        f.addSchool(otherURN, "Vale Primary", east: 451_000, north: 121_000)
        f.commit(
            Change([
                Person(
                    id: otherHead, name: "Vic Vale", email: "vic@vale.sch.uk", urn: otherURN, role: "Headteacher",
                    headshipStart: Day(iso: "2020-09-01")!, npqh: .completed)
            ]))
    }

    func nominate(_ email: String, name: String, role: String = "Headteacher", urn: Int? = nil, by caller: Caller,
                  nominatedBy: Int64? = nil) -> PeerlinkError? {
        var ids = f.ids
        let draft = NominationDraft(
            urn: urn ?? f.headURN, nomineeName: name, nomineeEmail: email, nomineeRole: role,
            areas: [(area: "computing", strength: "")], consent: true, nominatedBy: nominatedBy)
        let d = f.directory
        return refusal { () throws(PeerlinkError) in
            _ = try d.prepareNomination(draft, by: caller, ids: &ids, now: PeerSupportFixture.now)
        }
    }

    @Test func aHeadNominatesOnlyTheirOwnSchoolsStaffAsRecorded() {
        let head = Caller(personID: f.headID, role: .head)
        // Another school's head found by email: refused, in words that name no one.
        let takeover = nominate("vic@vale.sch.uk", name: "Renamed", by: head)
        #expect(takeover?.code == .forbidden && takeover?.field == "email")
        #expect(takeover?.message.contains("Vic") == false)
        // At the other school itself: not the head's school.
        #expect(nominate("vic@vale.sch.uk", name: "Vic Vale", urn: otherURN, by: head)?.code == .forbidden)
        // Themselves, as recorded: allowed; renamed or re-roled: refused.
        #expect(nominate("head@ash.sch.uk", name: "Hana Head", by: head) == nil)
        #expect(nominate("head@ash.sch.uk", name: "Hana Renamed", by: head)?.code == .forbidden)
        #expect(nominate("head@ash.sch.uk", name: "Hana Head", role: "Cleaner", by: head)?.code == .forbidden)
        // A new colleague: allowed. Another head as the nominating head: refused.
        #expect(nominate("new@ash.sch.uk", name: "New Colleague", by: head) == nil)
        #expect(nominate("new@ash.sch.uk", name: "New Colleague", by: head, nominatedBy: otherHead)?.field == "nominated_by")
        // An admin (an import) may move and rename.
        #expect(nominate("vic@vale.sch.uk", name: "Renamed", by: .localAdmin) == nil)
    }

    @Test mutating func advisersSeeNomineesOnlyAndHeadsOnlyThemselves() {
        let adviser = Caller(role: .adviser)
        #expect(f.directory.visibility(ofPerson: f.headID, to: adviser) == .none)
        var ids = f.ids
        let draft = NominationDraft(
            urn: f.headURN, nomineeName: "Nia Nominee", nomineeEmail: "nia@ash.sch.uk", nomineeRole: "Teacher",
            areas: [(area: "computing", strength: "")], consent: true)
        let (change, _) = try! f.directory.prepareNomination(draft, ids: &ids, now: PeerSupportFixture.now)
        f.commit(change)
        let nominee = f.directory.person(email: "nia@ash.sch.uk")!.id
        #expect(f.directory.visibility(ofPerson: nominee, to: adviser) == .nominee)
        #expect(f.directory.visibility(ofPerson: f.headID, to: Caller(personID: f.headID, role: .head)) == .full)
        #expect(f.directory.visibility(ofPerson: otherHead, to: Caller(personID: f.headID, role: .head)) == .none)
        #expect(f.directory.visibility(ofPerson: 999, to: .localAdmin) == .full)
        #expect(!f.directory.may(.peerSupportFigures, by: adviser) && f.directory.may(.peerSupportFigures, by: .localAdmin))
        #expect(!f.directory.may(.changePerson(id: f.headID), by: Caller(personID: f.headID, role: .head)))
    }
}
