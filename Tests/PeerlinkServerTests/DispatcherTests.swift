import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import Testing

@testable import PeerlinkServer

/// Collects deferred replies, as a connection would.
final class Inbox: ReplySink {
    var replies: [WireResponse] = []
    func deliver(_ response: WireResponse) { replies.append(response) }
}

/// The dispatcher driven directly: no sockets, no threads; commits go to an in-memory store.
struct DispatcherTests {
    let store: Store
    let dispatcher: Dispatcher

    init() throws {
        store = try Store(path: ":memory:")
        var d = try store.loadDirectory()
        Change([School(urn: 100001, name: "Hill Primary", phase: .primary, laCode: 936, laName: "Surrey")]).apply(to: &d)
        _ = store.commit([Change([School(urn: 100001, name: "Hill Primary", phase: .primary, laCode: 936, laName: "Surrey")])])
        dispatcher = Dispatcher(directory: d, version: "test", clock: { 1_790_000_000 })
    }

    func request(_ op: WireRequest.OneOf_Operation, id: UInt64 = 1) -> WireRequest {
        var r = WireRequest()
        r.id = id
        r.operation = op
        return r
    }

    func nominate(_ email: String) -> WireRequest.OneOf_Operation {
        var n = Peerlink_V1_NominationCreate()
        n.urn = 100001
        n.name = "N"
        n.email = email
        n.role = "Teacher"
        n.consent = true
        var a = Peerlink_V1_NominatedArea()
        a.area = "computing"
        n.areas = [a]
        return .nominationCreate(n)
    }

    /// Forms and "commits" every pending batch, as the loop and writer thread would.
    func commitAll() {
        while let batch = dispatcher.nextBatch() {
            dispatcher.batchCommitted(store.commit(batch), storeBytes: 0)
        }
    }

    /// Vale Primary (100002) with a computing nomination, committed; returns the nomination id.
    @discardableResult
    func addValeWithAComputingNomination(_ session: inout Session) throws -> Int64 {
        var school = Peerlink_V1_SchoolUpsert()
        school.school.urn = 100002
        school.school.name = "Vale Primary"
        school.school.phase = "primary"
        school.school.laCode = 936
        school.school.laName = "Surrey"
        let writes = Inbox()
        _ = dispatcher.handle(request(.schoolUpsert(school)), session: &session, sink: writes)
        commitAll()
        var nomination = nominate("n@vale.sch.uk")
        if case .nominationCreate(var n) = nomination {
            n.urn = 100002
            nomination = .nominationCreate(n)
        }
        _ = dispatcher.handle(request(nomination), session: &session, sink: writes)
        commitAll()
        for reply in writes.replies { if case .error(let e)? = reply.result { Issue.record("write refused: \(e.message)") } }
        return writes.replies.last?.nominationCreate.nomination.id ?? 0
    }

    /// A link match is answered with bytes already encoded (no generated reply message); they are one `Response`
    /// for the request's id. A refused match is an ordinary error reply. Both count in the operation's stats.
    @Test func linkMatchRepliesWithEncodedBytesAndErrorsAsUsual() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        try addValeWithAComputingNomination(&admin)

        var match = Peerlink_V1_LinkMatch()
        match.urn = 100001
        match.area = "computing"
        guard case .encodedReply(let body) = dispatcher.handle(request(.linkMatch(match), id: 42), session: &admin, sink: Inbox())
        else {
            Issue.record("a link match should be answered with encoded bytes")
            return
        }
        let response = try WireResponse(frame: body[...])
        #expect(response.id == 42)
        #expect(response.linkMatch.hits.map(\.school.urn) == [100002])
        #expect(response.linkMatch.hits.first.map { response.linkMatch.reasons(of: $0) }?.first == "covers Computing")

        match.urn = 999_999
        guard case .reply(let refused, false) = dispatcher.handle(request(.linkMatch(match), id: 43), session: &admin, sink: Inbox())
        else {
            Issue.record("an unknown URN should be an ordinary error reply")
            return
        }
        #expect(refused.id == 43 && refused.error.code == ErrorCode.notFound.rawValue)
        #expect(dispatcher.operationStats["link_match"]?.count == 2)
        #expect(dispatcher.operationStats["link_match"]?.errors == 1)
    }

    @Test func tcpNeedsHelloFirstAndAFailedHelloCloses() {
        var session = Session(id: 1, transport: .tcp)
        guard case .reply(let r, let close) = dispatcher.handle(request(.ping(Peerlink_V1_Ping())), session: &session, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(r.error.code == "unauthenticated" && close)
        var hello = Peerlink_V1_Hello()
        hello.token = "plk_unknown"
        guard case .reply(let h, let closeAfterHello) = dispatcher.handle(request(.hello(hello)), session: &session, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(h.error.code == "unauthenticated" && h.error.field == "token" && closeAfterHello)
        #expect(!session.isAuthenticated)
    }

    @Test func theUnixSocketIsAdminAndRolesAreEnforcedInOnePlace() {
        var admin = Session(id: 1, transport: .unixSocket)
        guard case .reply(let ok, _) = dispatcher.handle(request(.tokenList(Peerlink_V1_TokenList())), session: &admin, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(ok.error.code.isEmpty)
        var adviser = Session(id: 2, transport: .tcp)
        adviser.role = .adviser
        guard case .reply(let no, _) = dispatcher.handle(request(.tokenList(Peerlink_V1_TokenList())), session: &adviser, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(no.error.code == "forbidden")
        #expect(no.error.message == "token_list is for admin tokens; this connection is adviser")
    }

    @Test func writesReplyOnlyAfterCommitAndSeeEachOther() {
        var session = Session(id: 1, transport: .unixSocket)
        let a = Inbox(), b = Inbox()
        // Two nominations of the same person in one loop turn: the second must see the first.
        guard case .deferred = dispatcher.handle(request(nominate("ann@hill.sch.uk"), id: 1), session: &session, sink: a),
            case .deferred = dispatcher.handle(request(nominate("ANN@hill.sch.uk"), id: 2), session: &session, sink: b)
        else {
            Issue.record("writes should be deferred")
            return
        }
        #expect(a.replies.isEmpty && b.replies.isEmpty)
        let first = dispatcher.nextBatch()
        #expect(first?.count == 1)  // the second touches the same email: next batch
        dispatcher.batchCommitted(store.commit(first!), storeBytes: 0)
        #expect(a.replies.count == 1 && b.replies.isEmpty)
        commitAll()
        #expect(b.replies.count == 1)
        #expect(a.replies[0].nominationCreate.nomination.id == b.replies[0].nominationCreate.nomination.id)
        #expect(dispatcher.directory.nominations.count == 1)
        #expect(try! store.loadDirectory().nominations.count == 1)
    }

    @Test func anInvalidWriteIsAnsweredWhenItsBatchFormsAndNothingIsWritten() {
        var session = Session(id: 1, transport: .unixSocket)
        let inbox = Inbox()
        _ = dispatcher.handle(request(nominate("not-an-email")), session: &session, sink: inbox)
        #expect(dispatcher.nextBatch() == nil)
        #expect(inbox.replies.first?.error.code == "bad_request")
        #expect(inbox.replies.first?.error.field == "email")
        #expect(dispatcher.directory.nominations.isEmpty)
    }

    @Test func statsCountRequestsPerOperation() {
        var session = Session(id: 1, transport: .unixSocket)
        _ = dispatcher.handle(request(.ping(Peerlink_V1_Ping())), session: &session, sink: Inbox())
        guard case .reply(let r, _) = dispatcher.handle(request(.stats(Peerlink_V1_StatsRequest())), session: &session, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(r.stats.operations["ping"]?.count == 1)
        #expect(r.stats.counts["schools"] == 1)
    }

    @Test func everyWriteAndEveryConfidentialReadIsAudited() {
        var session = Session(id: 1, transport: .unixSocket)
        _ = dispatcher.handle(request(nominate("ann@hill.sch.uk")), session: &session, sink: Inbox())
        commitAll()
        // A plain read is not audited; a confidential one (peer-support engagements) is.
        _ = dispatcher.handle(request(.schoolGet(Peerlink_V1_SchoolGet())), session: &session, sink: Inbox())
        let list = Peerlink_V1_EngagementList()
        guard case .reply(let r, _) = dispatcher.handle(request(.engagementList(list)), session: &session, sink: Inbox()) else {
            Issue.record("expected a reply")
            return
        }
        #expect(r.error.code.isEmpty, "\(r.error)")
        commitAll()
        let log = dispatcher.directory.audit.recent
        #expect(log.map(\.operation) == ["nomination_create", "engagement_list"])
        #expect(log[0].target.contains("nomination:1") && log[0].target.contains("person:1"))
        #expect(log[1].target == "")
        #expect(log.allSatisfy { $0.role == .admin })
        let stored = try! store.loadDirectory().audit.recent
        #expect(stored == log)
    }

    @Test func auditSubjectsKeepIdsAndDropText() {
        var f = Peerlink_V1_FeedbackGet()
        f.engagementID = 3
        #expect(Dispatcher.subject(of: request(.feedbackGet(f))) == "engagement_id=3")
        var n = Peerlink_V1_SchoolSearch()
        n.text = "secret words: 12"
        n.limit = 5
        #expect(Dispatcher.subject(of: request(.schoolSearch(n))) == "limit=5")
    }
}

/// A connection's pipeline as the loop drives it: when a deferred reply arrives, the connection goes on with its
/// next request at once (inside the delivery), which may queue another write.
final class PipelinedConnection: ReplySink {
    var replies: [WireResponse] = []
    var waiting: [WireRequest]
    var session = Session(id: 7, transport: .unixSocket)
    unowned let dispatcher: Dispatcher

    init(_ dispatcher: Dispatcher, requests: [WireRequest]) {
        self.dispatcher = dispatcher
        self.waiting = requests
    }

    /// Handles requests until one is deferred (a write) or none are left, as `Connection.processFrames` does.
    func processNext() {
        while !waiting.isEmpty {
            let r = waiting.removeFirst()
            switch dispatcher.handle(r, session: &session, sink: self) {
            case .reply(let response, _): replies.append(response)
            case .deferred: return
            default: Issue.record("unexpected outcome for request \(r.id)")
            }
        }
    }

    func deliver(_ response: WireResponse) {
        replies.append(response)
        processNext()
    }
}

extension DispatcherTests {
    /// A refused write answered while a batch forms lets its connection queue the next write; that write must
    /// still be committed and answered (it was dropped: the pipeline stopped at the first refusal).
    @Test func aPipelineGoesOnPastRefusedWrites() throws {
        var requests: [WireRequest] = []
        for i in 1...40 {
            var op = nominate("n\(i)@hill.sch.uk")
            if i % 10 == 0, case .nominationCreate(var n) = op {
                n.urn = 999_999  // unknown school: refused when its batch forms
                op = .nominationCreate(n)
            }
            requests.append(request(op, id: UInt64(i)))
        }
        let connection = PipelinedConnection(dispatcher, requests: requests)
        connection.processNext()
        commitAll()
        #expect(connection.replies.map(\.id) == (1...40).map { UInt64($0) })
        let refused = connection.replies.filter { if case .error = $0.result { return true } else { return false } }
        #expect(refused.map(\.id) == [10, 20, 30, 40])
        #expect(dispatcher.directory.nominations.count == 36)
        #expect(dispatcher.pendingWrites == 0)
    }
}
