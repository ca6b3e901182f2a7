import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// A head reading cohorts with their own token against the real daemon: the cohorts open to apply to, their
/// own application, their own group and its sessions, and never another applicant (`CohortVisibility.ownPlace`).
@Suite(.serialized) struct CohortHeadViewTests {
    @Test func aHeadSeesOnlyTheirOwnPlaceInACohort() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try CohortTests.seed(daemon.databasePath)
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let name = "Spring 2027"
        var create = Peerlink_V1_CohortCreate()
        create.name = name
        create.cap = 8
        create.minGroupSize = 4
        create.maxGroupSize = 4
        create.start = "2027-01-04"
        _ = try admin.cohortCreate(create)
        // A cohort that ended long ago, which no head's list shows.
        create.name = "Pilot 2020"
        create.start = "2020-01-06"
        _ = try admin.cohortCreate(create)
        // Heads 1, 3, 4, 6 … 10 accepted (8), 11 and 12 wait-listed; 13 never applies.
        for id: Int64 in [1, 3, 4, 6, 7, 8, 9, 10, 11, 12] {
            var a = Peerlink_V1_CohortApply()
            a.cohort = name
            a.personID = id
            _ = try admin.cohortApply(a)
        }
        for id: Int64 in [21, 22] {
            var f = Peerlink_V1_CohortFacilitatorAdd()
            f.cohort = name
            f.personID = id
            f.maxGroups = 1
            _ = try admin.cohortFacilitatorAdd(f)
        }
        var form = Peerlink_V1_CohortForm()
        form.cohort = name
        form.seed = 1
        let formed = try admin.cohortForm(form)
        #expect(formed.groups.count == 2, "\(formed.groups.map { $0.members.map(\.person.id) })")
        let ownGroup = try #require(formed.groups.first { $0.members.contains { $0.person.id == 1 } })

        func head(_ id: Int64) throws -> PeerlinkClient {
            try PeerSupportTests.token(admin, daemon, role: "head", person: id)
        }
        func get(_ c: PeerlinkClient) throws -> Peerlink_V1_CohortView {
            var g = Peerlink_V1_CohortGet()
            g.cohort = name
            return try c.cohortGet(g)
        }
        func sessions(_ c: PeerlinkClient) throws -> [Peerlink_V1_CohortSession] {
            var s = Peerlink_V1_CohortSessions()
            s.cohort = name
            return try c.cohortSessions(s).sessions
        }
        /// Every head's email but `own`'s: none may appear in `own`'s replies.
        func othersEmails(_ own: Int64) -> [String] {
            (1...23).filter { $0 != own }.map { "head\($0)@example.sch.uk" } + ["f21@example.org", "f22@example.org"]
        }

        // The list: the open cohort only, with its anonymous counts.
        let one = try head(1)
        let list = try one.cohortList()
        #expect(list.cohorts.map(\.cohort.name) == [name])
        #expect(list.cohorts.first?.participants == 8 && list.cohorts.first?.waitListed == 2)

        // An accepted, placed head: their own application in full, their own group (the others by name and
        // school only), its facilitator and its six sessions; nobody else.
        let view = try get(one)
        #expect(view.participants.map(\.person.id) == [1])
        #expect(view.participants.first?.person.email == "head1@example.sch.uk")
        #expect(view.waitList.isEmpty && view.facilitators.isEmpty && view.withdrawn == 0)
        #expect(view.groups.map(\.number) == [ownGroup.number])
        let group = try #require(view.groups.first)
        #expect(Set(group.members.map(\.person.name)) == Set(ownGroup.members.map(\.person.name)))
        for m in group.members where m.person.name != "Head 1" {
            #expect(
                m.person.id == 0 && m.person.email.isEmpty && m.person.headshipStart.isEmpty && m.person.npqh.isEmpty
            )
            #expect(m.applicationID == 0 && m.trust.isEmpty && m.appliedAt == 0 && !m.schoolName.isEmpty)
        }
        #expect(group.facilitatorName == ownGroup.facilitatorName)
        let mine = try sessions(one)
        #expect(mine.count == 6 && mine.allSatisfy { $0.groupNumber == ownGroup.number })
        // The replies as text (SwiftProtobuf's text format, through debugDescription).
        let text = String(reflecting: try get(one)) + String(reflecting: try one.cohortList())
        #expect(text.contains("head1@example.sch.uk"), "the text shows what the reply holds: \(text)")
        for email in othersEmails(1) { #expect(!text.contains(email), "head 1 sees \(email)") }
        for outsider in ["Head 11", "Head 12"]
            + formed.groups.filter({ $0.number != ownGroup.number })
            .flatMap({ $0.members.map(\.person.name) })
        {
            #expect(!text.contains("\"\(outsider)\""), "head 1 sees \(outsider)")
        }

        // A wait-listed head: their place in the line, no group, no sessions, no one else.
        let eleven = try head(11)
        let waiting = try get(eleven)
        #expect(waiting.participants.isEmpty && waiting.groups.isEmpty)
        #expect(waiting.waitList.map(\.person.id) == [11] && waiting.waitList.first?.waitListPlace == 1)
        #expect(try sessions(eleven).isEmpty)
        for email in othersEmails(11) { #expect(!String(reflecting: waiting).contains(email)) }

        // A head who never applied sees the cohort's own facts and counts, no person at all.
        let thirteen = try head(13)
        let outside = try get(thirteen)
        #expect(outside.cohort.name == name)
        #expect(outside.participants.isEmpty && outside.waitList.isEmpty && outside.groups.isEmpty)
        #expect(!String(reflecting: outside).contains("@"))
        #expect(try thirteen.cohortList().cohorts.map(\.cohort.name) == [name])

        // A head still may not plan groups, and a supporter reads no cohort.
        var plan = Peerlink_V1_CohortForm()
        plan.cohort = name
        #expect(PeerSupportTests.refusal { _ = try one.cohortPlan(plan) }?.code == .forbidden)
        let supporter = try PeerSupportTests.token(admin, daemon, role: "supporter", person: 22)
        #expect(PeerSupportTests.refusal { _ = try supporter.cohortList() }?.code == .forbidden)
        // Advisers still see every applicant (by name, role and school).
        let adviser = try PeerSupportTests.token(admin, daemon, role: "adviser", person: nil)
        #expect(try get(adviser).participants.count == 8)
    }
}
