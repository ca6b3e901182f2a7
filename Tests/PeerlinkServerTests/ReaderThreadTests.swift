import Foundation
import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import Testing

@testable import PeerlinkServer

/// The left-right pair on its own: a side being read is never changed, and both sides end up equal.
struct DirectorySidesTests {
    func school(_ urn: Int, _ name: String) -> Change {
        Change([School(urn: urn, name: name, phase: .primary, laCode: 936, laName: "Surrey")])
    }

    @Test func aPublishWaitsForTheStaleSidesReadersAndTheSidesConverge() {
        let sides = DirectorySides(Directory(), twoSided: true)
        let first = sides.beginRead()
        sides.publish([school(100001, "Hill")])  // the other side: nobody reads it
        #expect(sides.current != first)
        #expect(sides.latest.schools[100001]?.name == "Hill")
        #expect(sides.pointer(to: first).pointee.schools[100001] == nil)  // the reader's side is as it was
        #expect(!sides.canPublish)  // the next publish goes into the side still being read
        #expect(sides.readersOnStaleSide == 1)
        sides.endRead(first)
        #expect(sides.canPublish)
        sides.publish([school(100002, "Vale")])
        // The side the first read held got the change it lagged by, then the new one.
        #expect(sides.current == first)
        #expect(sides.latest.schools.keys.sorted() == [100001, 100002])
        sides.publish([school(100001, "Hill Primary")])
        for side in 0..<2 {
            let d = sides.pointer(to: side).pointee
            #expect(d.schools.count == 2, "side \(side)")
        }
        #expect(sides.latest.schools[100001]?.name == "Hill Primary")
        #expect(sides.pointer(to: 1 - sides.current).pointee.schools[100001]?.name == "Hill")  // lags by one publish
    }

    @Test func sharingMakesTheStaleSideACopyAndTheNextPublishGoesOffTheLoop() {
        let sides = DirectorySides(Directory(), twoSided: true)
        sides.publish([school(100001, "Hill")])
        sides.publish([school(100002, "Vale")])
        #expect(!sides.isLarge([school(100003, "Dale")]))
        let (stale, current) = sides.beginSharing()!
        stale.pointee = current.pointee
        sides.endSharing()
        #expect(sides.pointer(to: 1 - sides.current).pointee.schools.count == 2)  // the lag is in it now
        #expect(sides.isLarge([school(100003, "Dale")]))  // its first publish copies tables: off the loop
        #expect(sides.beginSharing() == nil)  // already shared
        sides.publish([school(100003, "Dale")])
        sides.publish([school(100004, "Wold")])
        for side in 0..<2 { #expect(sides.pointer(to: side).pointee.schools.count >= 3) }
        #expect(sides.latest.schools.count == 4)
        #expect(!sides.shareTables)
    }

    @Test func oneSidedPublishesInPlace() {
        let sides = DirectorySides(Directory(), twoSided: false)
        let side = sides.beginRead()
        #expect(sides.canPublish)  // nothing reads concurrently without reader threads
        sides.endRead(side)
        sides.publish([school(100001, "Hill")])
        #expect(sides.current == 0 && sides.latest.schools.count == 1)
    }
}

/// Collects replies with their sequence numbers, from the loop and from reader threads.
final class SequencedInbox: ReplySink {
    var replies: [(sequence: UInt64?, response: WireResponse)] = []
    func deliver(_ response: WireResponse) { replies.append((nil, response)) }
    func deliverRead(_ reply: Outcome, sequence: UInt64) {
        switch reply {
        case .reply(let response, _): replies.append((sequence, response))
        case .encodedReply(let body): replies.append((sequence, try! WireResponse(frame: body[...])))
        case .keptReply(let id, let kept):
            var body: [UInt8] = []
            ReusableReply.appendHead(id: id, restCount: kept.bytes.count, to: &body)
            body.removeFirst(4)
            body.append(contentsOf: kept.bytes)
            replies.append((sequence, try! WireResponse(frame: body[...])))
        default: Issue.record("not a reply")
        }
    }
}

/// The dispatcher with real reader threads: reads are handed out and come back, writes wait for them.
struct ReaderDispatchTests {
    let store: Store
    let dispatcher: Dispatcher

    init() throws {
        store = try Store(path: ":memory:")
        let d = try store.loadDirectory()
        dispatcher = Dispatcher(directory: d, version: "test", readerThreads: 2, wakeForReads: {}, clock: { 1_790_000_000 })
    }

    func request(_ op: WireRequest.OneOf_Operation, id: UInt64) -> WireRequest {
        var r = WireRequest()
        r.id = id
        r.operation = op
        return r
    }

    func schoolGet(_ urn: Int32, id: UInt64) -> [UInt8] {
        var g = Peerlink_V1_SchoolGet()
        g.urn = urn
        return try! request(.schoolGet(g), id: id).serializedBytes()
    }

    func schoolUpsert(_ urn: Int32, _ name: String, id: UInt64) -> [UInt8] {
        var u = Peerlink_V1_SchoolUpsert()
        u.school.urn = urn
        u.school.name = name
        u.school.phase = "primary"
        u.school.laCode = 936
        u.school.laName = "Surrey"
        return try! request(.schoolUpsert(u), id: id).serializedBytes()
    }

    /// Collects finished reads until `count` have come back (the readers are real threads).
    func awaitReads(_ inbox: SequencedInbox, count: Int) {
        let deadline = Date().addingTimeInterval(10)
        while inbox.replies.filter({ $0.sequence != nil }).count < count && Date() < deadline {
            dispatcher.readsFinished()
            usleep(200)
        }
    }

    func commitAll() {
        while let batch = dispatcher.nextBatch() {
            dispatcher.batchCommitted(store.commit(batch), storeBytes: 0)
            while dispatcher.isWaitingToPublish { dispatcher.readsFinished() }
        }
    }

    @Test func readsRunOnReadersAndAWriteWaitsForTheReadsBeforeIt() {
        var session = Session(id: 1, transport: .unixSocket)
        let inbox = SequencedInbox()
        // A cheap read (a school by URN): the first of the loop's turn runs on the loop, the next on a reader.
        guard case .reply = dispatcher.handle(frame: schoolGet(100001, id: 0)[...], session: &session, sink: inbox, sequence: 0)
        else {
            Issue.record("the turn's first cheap read should run on the loop")
            return
        }
        guard case .offloaded = dispatcher.handle(frame: schoolGet(100001, id: 1)[...], session: &session, sink: inbox, sequence: 0)
        else {
            Issue.record("a read should go to a reader thread")
            return
        }
        // A write behind an unanswered read is not taken yet.
        guard case .waitForReads = dispatcher.handle(
            frame: schoolUpsert(100001, "Hill", id: 2)[...], session: &session, sink: inbox, sequence: 1, readsPending: true)
        else {
            Issue.record("a write behind a read should wait for it")
            return
        }
        awaitReads(inbox, count: 1)
        #expect(inbox.replies.first?.response.error.code == "not_found")
        #expect(dispatcher.readsInFlight == 0)
        guard case .deferred = dispatcher.handle(frame: schoolUpsert(100001, "Hill", id: 2)[...], session: &session, sink: inbox, sequence: 1)
        else {
            Issue.record("the write goes on once the read is answered")
            return
        }
        commitAll()
        #expect(inbox.replies.last?.response.id == 2)
        // Read-your-writes: the next read, on a reader thread, sees the acknowledged write.
        _ = dispatcher.handle(frame: schoolGet(100001, id: 3)[...], session: &session, sink: inbox, sequence: 2)
        awaitReads(inbox, count: 2)
        #expect(inbox.replies.last?.response.schoolGet.name == "Hill")
        #expect(inbox.replies.last?.sequence == 2)
        dispatcher.stopReaders()
    }

    @Test func aQuietDaemonSharesItsSidesAndGoesOnServing() {
        var session = Session(id: 1, transport: .unixSocket)
        let inbox = SequencedInbox()
        _ = dispatcher.handle(frame: schoolUpsert(100001, "Hill", id: 1)[...], session: &session, sink: inbox)
        commitAll()
        dispatcher.shareSidesIfQuiet(quietSeconds: 0)
        let deadline = Date().addingTimeInterval(10)
        while !dispatcher.sidesShareTables && Date() < deadline {
            dispatcher.readsFinished()
            usleep(200)
        }
        #expect(dispatcher.sidesShareTables)
        _ = dispatcher.handle(frame: schoolUpsert(100002, "Vale", id: 2)[...], session: &session, sink: inbox)
        commitAll()
        #expect(!dispatcher.sidesShareTables)
        _ = dispatcher.handle(frame: schoolGet(100001, id: 0)[...], session: &session, sink: inbox)  // the turn's one on the loop
        _ = dispatcher.handle(frame: schoolGet(100002, id: 3)[...], session: &session, sink: inbox, sequence: 9)
        awaitReads(inbox, count: 1)
        #expect(inbox.replies.last?.response.schoolGet.name == "Vale")
        #expect(dispatcher.directory.schools.count == 2)
        dispatcher.stopReaders()
    }

    @Test func manyReadsAndWritesEndWithBothSidesAlike() {
        var session = Session(id: 1, transport: .unixSocket)
        let inbox = SequencedInbox()
        var sequence: UInt64 = 0
        _ = dispatcher.handle(frame: schoolGet(100_000, id: 0)[...], session: &session, sink: inbox)  // the turn's one on the loop
        for round in 0..<20 {
            for urn in 0..<5 {
                _ = dispatcher.handle(
                    frame: schoolGet(Int32(100_000 + urn), id: sequence)[...], session: &session, sink: inbox, sequence: sequence)
                sequence += 1
            }
            // A write while reads are out: its commit waits for the side they hold.
            var writer = Session(id: 2, transport: .unixSocket)
            _ = dispatcher.handle(
                frame: schoolUpsert(Int32(100_000 + round % 5), "School \(round)", id: 1000 + UInt64(round))[...],
                session: &writer, sink: inbox)
            commitAll()
        }
        awaitReads(inbox, count: 100)
        #expect(inbox.replies.filter { $0.sequence != nil }.count == 100)
        #expect(Set(inbox.replies.compactMap(\.sequence)) == Set(0..<100))
        #expect(dispatcher.directory.schools.count == 5)
        #expect(dispatcher.directory.schools[100_004]?.name == "School 19")
        dispatcher.stopReaders()
    }
}
