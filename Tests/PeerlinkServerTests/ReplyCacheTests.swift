import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import Testing

@testable import PeerlinkServer

/// Link match replies kept and sent again (`ReplyCache`), driven through `Dispatcher.handle(frame:)` as a
/// connection drives it.
extension DispatcherTests {
    func frame(_ op: WireRequest.OneOf_Operation, id: UInt64) throws -> ArraySlice<UInt8> {
        let bytes: [UInt8] = try request(op, id: id).serializedBytes()
        return bytes[...]
    }

    /// The reply a frame got, decoded, and whether it was answered from a reply kept before (a computed reply
    /// that is kept now is sent from its kept copy too, so the outcome alone does not tell).
    func answer(_ frame: ArraySlice<UInt8>, _ session: inout Session, dispatcher: Dispatcher? = nil) throws -> (WireResponse, kept: Bool) {
        let d = dispatcher ?? self.dispatcher
        let hitsBefore = d.replyCacheFigures.hits
        let response: WireResponse
        switch d.handle(frame: frame, session: &session, sink: Inbox()) {
        case .encodedReply(let body):
            response = try WireResponse(frame: body[...])
        case .keptReply(let id, let reply):
            var out: [UInt8] = []
            ReusableReply.appendHead(id: id, restCount: reply.bytes.count, to: &out)
            out.append(contentsOf: reply.bytes)
            response = try WireResponse(frame: out[4...])
        case .reply(let r, _):
            response = r
        case .deferred, .offloaded, .waitForReads:
            Issue.record("a link match is answered at once without reader threads")
            response = WireResponse()
        }
        return (response, d.replyCacheFigures.hits > hitsBefore)
    }

    var computingMatch: WireRequest.OneOf_Operation {
        var m = Peerlink_V1_LinkMatch()
        m.urn = 100001
        m.area = "computing"
        return .linkMatch(m)
    }

    @Test func aRepeatedLinkMatchIsAnsweredFromItsKeptReplyUntilWhatItReadsChanges() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        let nominationID = try addValeWithAComputingNomination(&admin)

        let (first, firstKept) = try answer(try frame(computingMatch, id: 1), &admin)
        #expect(!firstKept && first.id == 1)
        #expect(first.linkMatch.hits.map(\.school.urn) == [100002])
        let (second, secondKept) = try answer(try frame(computingMatch, id: 2), &admin)
        #expect(secondKept && second.id == 2)
        #expect(second.linkMatch == first.linkMatch)
        #expect(dispatcher.operationStats["link_match"]?.count == 2)
        #expect(dispatcher.replyCacheFigures.hits == 1 && dispatcher.replyCacheFigures.misses == 1)

        // Another query is not answered with this one's reply.
        var online = Peerlink_V1_LinkMatch()
        online.urn = 100001
        online.area = "computing"
        online.mode = "online"
        #expect(try answer(try frame(.linkMatch(online), id: 3), &admin).kept == false)

        // A committed change to what a match reads: the next answer is computed again and shows it.
        var update = Peerlink_V1_NominationUpdate()
        update.id = nominationID
        update.capacity = 4
        _ = dispatcher.handle(request(.nominationUpdate(update)), session: &admin, sink: Inbox())
        commitAll()
        let (afterWrite, afterWriteKept) = try answer(try frame(computingMatch, id: 4), &admin)
        #expect(!afterWriteKept)
        #expect(afterWrite.linkMatch.hits.first?.capacity == 4)
        #expect(first.linkMatch.hits.first?.capacity == 2)  // the default
        let (again, againKept) = try answer(try frame(computingMatch, id: 5), &admin)
        #expect(againKept && again.linkMatch == afterWrite.linkMatch)

        // A new school in the register is a change too (the requester could resolve to it).
        var school = Peerlink_V1_SchoolUpsert()
        school.school.urn = 100003
        school.school.name = "Dale Primary"
        school.school.phase = "primary"
        school.school.laCode = 936
        school.school.laName = "Surrey"
        _ = dispatcher.handle(request(.schoolUpsert(school)), session: &admin, sink: Inbox())
        commitAll()
        #expect(try answer(try frame(computingMatch, id: 6), &admin).kept == false)
    }

    /// An audit entry (every write carries one) and other programmes' records do not touch what a match reads.
    @Test func writesOutsideWhatAMatchReadsKeepTheKeptReplies() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        try addValeWithAComputingNomination(&admin)
        _ = try answer(try frame(computingMatch, id: 1), &admin)
        var token = Peerlink_V1_TokenCreate()
        token.role = "adviser"
        token.label = "adviser for the test"
        let created = Inbox()
        _ = dispatcher.handle(request(.tokenCreate(token)), session: &admin, sink: created)
        commitAll()
        #expect(created.replies.count == 1 && !created.replies[0].tokenCreate.secret.isEmpty)  // the write committed
        #expect(try answer(try frame(computingMatch, id: 2), &admin).kept)
    }

    @Test func keptRepliesAreOnlyForCallersTheTableLetsIn() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        try addValeWithAComputingNomination(&admin)
        _ = try answer(try frame(computingMatch, id: 1), &admin)
        #expect(try answer(try frame(computingMatch, id: 2), &admin).kept)

        var head = Session(id: 2, transport: .tcp)
        head.role = .head
        let (refused, kept) = try answer(try frame(computingMatch, id: 3), &head)
        #expect(!kept && refused.error.code == "forbidden")
        var stranger = Session(id: 3, transport: .tcp)
        let (unauthenticated, _) = try answer(try frame(computingMatch, id: 4), &stranger)
        #expect(unauthenticated.error.code == "unauthenticated")
    }

    @Test func withNoMemoryForThemNoReplyIsKept() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        try addValeWithAComputingNomination(&admin)
        var config = ServerConfig()
        config.replyCacheBytes = 0
        let off = Dispatcher(directory: dispatcher.directory, version: "test", config: config, clock: { 1_790_000_000 })
        let (first, _) = try answer(try frame(computingMatch, id: 1), &admin, dispatcher: off)
        let (second, kept) = try answer(try frame(computingMatch, id: 2), &admin, dispatcher: off)
        #expect(!kept && second.linkMatch == first.linkMatch && !first.linkMatch.hits.isEmpty)
        #expect(off.replyCacheFigures.entries == 0)
    }

    /// Undecodable bytes still get the usual bad_request, with or without an envelope the cache could read.
    @Test func framesTheCacheCannotReadAreDecodedAndAnsweredAsBefore() throws {
        var admin = Session(id: 1, transport: .unixSocket)
        let (garbage, _) = try answer([0xff, 0xff, 0xff][...], &admin)
        #expect(garbage.error.code == "bad_request" && garbage.error.field == "frame")
        // An envelope the cache reads, around bytes that are not a LinkMatch.
        let (bad, _) = try answer([0x08, 0x01, 0x92, 0x03, 0x02, 0xff, 0xff][...], &admin)
        #expect(bad.error.code == "bad_request")
    }
}

/// The cache on its own: what it keeps within its budget, and what a revision change does.
struct ReplyCacheTests {
    func key(_ n: UInt8) -> ArraySlice<UInt8> { [n, n, n, n][...] }
    let reply = [UInt8](repeating: 7, count: 100)

    @Test func keepsWhatFitsItsBudgetAndDropsTheOldestFirst() {
        // Each entry counts 100 + 4 + 96 = 200 bytes: three fit in 600.
        let cache = ReplyCache(budgetBytes: 600)
        for k in 1...3 { cache.keep(reply, idLength: 0, for: key(UInt8(k)), at: 9) }
        for k in 1...3 { #expect(cache.reply(to: key(UInt8(k)), at: 9).map { Array($0.bytes) } == reply) }
        cache.keep(reply, idLength: 0, for: key(4), at: 9)  // 1, kept first, goes
        #expect(cache.reply(to: key(1), at: 9) == nil)
        for k in 2...4 { #expect(cache.reply(to: key(UInt8(k)), at: 9).map { Array($0.bytes) } == reply) }
        // Kept again (say the directory changed): it counts as new, so 3 is now the oldest.
        cache.keep(reply, idLength: 0, for: key(2), at: 10)
        cache.keep(reply, idLength: 0, for: key(5), at: 10)
        #expect(cache.reply(to: key(3), at: 9) == nil)
        #expect(cache.reply(to: key(2), at: 10) != nil && cache.reply(to: key(4), at: 9) != nil)
        #expect(cache.count == 3)
        #expect(cache.hits == 8 && cache.misses == 2)
    }

    /// One query kept again at every change of the directory must not grow the cache's bookkeeping.
    @Test func keepingTheSameQueriesAgainAndAgainStaysBounded() {
        let cache = ReplyCache(budgetBytes: 1 << 20)
        for revision in 0..<50_000 as Range<UInt64> {
            cache.keep(reply, idLength: 0, for: key(UInt8(revision % 3)), at: revision)
        }
        #expect(cache.count == 3)
        for (k, revision) in [(0, 49_998), (1, 49_999), (2, 49_997)] as [(UInt8, UInt64)] {
            #expect(cache.reply(to: key(k), at: revision).map { Array($0.bytes) } == reply)
        }
        #expect(cache.bookkeepingCount < 10_000)
    }

    @Test func aReplyFromAnotherRevisionIsNotSent() {
        let cache = ReplyCache(budgetBytes: 1 << 20)
        cache.keep(reply, idLength: 0, for: key(1), at: 9)
        #expect(cache.reply(to: key(1), at: 10).map { Array($0.bytes) } == nil)
        cache.keep([0x08, 0x05, 1, 2, 3], idLength: 2, for: key(1), at: 10)  // sent with id 5 first
        #expect(cache.reply(to: key(1), at: 10).map { Array($0.bytes) } == [1, 2, 3])
        #expect(cache.count == 1)
    }

    @Test func aReplyBiggerThanTheBudgetIsNotKept() {
        let cache = ReplyCache(budgetBytes: 199)
        cache.keep(reply, idLength: 0, for: key(1), at: 1)
        #expect(cache.count == 0)
    }

    /// Keys are compared by their bytes, wherever the slice sits in its buffer.
    @Test func keysAreTheBytesNotTheirPlace() {
        let cache = ReplyCache(budgetBytes: 1 << 20)
        let buffer: [UInt8] = [0, 0, 5, 6, 7]
        cache.keep(reply, idLength: 0, for: buffer[2...], at: 1)
        #expect(cache.reply(to: [5, 6, 7][...], at: 1).map { Array($0.bytes) } == reply)
        #expect(cache.reply(to: [5, 6][...], at: 1) == nil)
        #expect(cache.reply(to: [5, 6, 8][...], at: 1) == nil)  // same length, last byte differs
        #expect(cache.reply(to: [4, 6, 7][...], at: 1) == nil)  // first byte differs
        // A query whose message is all defaults has no bytes at all.
        cache.keep([1, 2], idLength: 0, for: buffer[5...], at: 1)
        #expect(cache.reply(to: [][...], at: 1).map { Array($0.bytes) } == [1, 2])
        #expect(cache.reply(to: [5, 6, 7][...], at: 1).map { Array($0.bytes) } == reply)
    }

    /// Two requests whose bytes fold to one fingerprint are told apart by their bytes; the later one is kept.
    @Test func requestsSharingAFingerprintNeverGetEachOthersReply() {
        let cache = ReplyCache(budgetBytes: 1 << 20, fingerprint: { _ in 42 })
        cache.keep([1], idLength: 0, for: key(1), at: 1)
        #expect(cache.reply(to: key(1), at: 1).map { Array($0.bytes) } == [1])
        #expect(cache.reply(to: key(2), at: 1) == nil)
        cache.keep([2], idLength: 0, for: key(2), at: 1)
        #expect(cache.reply(to: key(2), at: 1).map { Array($0.bytes) } == [2])
        #expect(cache.reply(to: key(1), at: 1) == nil)
        #expect(cache.count == 1)
    }

    /// The fingerprint reads every byte, the last few (past a multiple of eight) and the length included.
    @Test func fingerprintsDependOnEveryByteAndTheLength() {
        let print = { (b: [UInt8]) in b.withUnsafeBytes { ReplyCache.fingerprint($0) } }
        for length in [5, 16, 19] {  // shorter than a word, whole words, words and a tail
            let base = (0..<length).map { UInt8($0 + 1) }
            var seen: Set<UInt64> = [print(base), print([]), print(base + [0]), print(Array(base.dropLast()))]
            #expect(seen.count == 4)
            for i in base.indices {
                var changed = base
                changed[i] ^= 0x80
                seen.insert(print(changed))
            }
            #expect(seen.count == 4 + length, "length \(length)")
        }
    }
}
