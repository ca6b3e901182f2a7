import PeerlinkCore
import PeerlinkServer
import PeerlinkStore
import PeerlinkWire

/// libFuzzer's entry: every input is one frame body for `Dispatcher.handle(frame:)`, sent by one of several
/// callers (the input's first byte picks which: the admin socket, a TCP connection before Hello, an adviser, a head,
/// a supporter). Writes are committed to an in-memory store as the loop would, so later inputs meet the records
/// earlier ones made. A crash, a trap or a sanitizer report is a finding; refusals are the expected answer.

/// Replies are dropped: the point is that building them never crashes.
final class DroppedReplies: ReplySink {
    func deliver(_ response: WireResponse) {}
    func deliverEncoded(_ body: [UInt8]) {}
}

/// The dispatcher, its store, and one session per kind of caller, made once.
final class World {
    let store: Store
    let dispatcher: Dispatcher
    var sessions: [Session] = []
    let sink = DroppedReplies()
    static let now: Int64 = 1_790_000_000  // Monday 2026-09-21

    init() {
        store = try! Store(path: ":memory:")
        var config = ServerConfig()
        config.rateLimit = nil  // a fuzzer is one very fast caller; the limit would answer nearly every input
        dispatcher = Dispatcher(directory: try! store.loadDirectory(), version: "fuzz", config: config, clock: { World.now })
        var admin = Session(id: 1, transport: .unixSocket)
        func call(_ op: WireRequest.OneOf_Operation) -> WireResponse? {
            var r = WireRequest()
            r.id = 1
            r.operation = op
            var inbox: WireResponse?
            final class Keep: ReplySink {
                var last: WireResponse?
                func deliver(_ response: WireResponse) { last = response }
            }
            let keep = Keep()
            switch dispatcher.handle(r, session: &admin, sink: keep) {
            case .reply(let response, _): inbox = response
            default: break
            }
            commit()
            return inbox ?? keep.last
        }
        for (urn, name) in [(100001, "Hill Primary"), (100002, "Vale Primary")] {
            var s = Peerlink_V1_SchoolUpsert()
            s.school.urn = Int32(urn)
            s.school.name = name
            s.school.phase = "primary"
            s.school.laCode = 936
            s.school.laName = "Surrey"
            _ = call(.schoolUpsert(s))
        }
        var people: [Int64] = []
        for (name, email, urn) in [("Ada Head", "ada@hill.sch.uk", 100001), ("Sam Support", "sam@vale.sch.uk", 100002)] {
            var p = Peerlink_V1_PersonCreate()
            p.person.name = name
            p.person.email = email
            p.person.urn = Int32(urn)
            p.person.role = "Headteacher"
            p.person.headshipStart = "2010-09-01"
            people.append(call(.personCreate(p))?.personCreate.person.id ?? 0)
        }
        sessions.append(admin)
        sessions.append(Session(id: 2, transport: .tcp))  // before Hello
        for (i, (role, person)) in [("adviser", nil), ("head", people[0]), ("supporter", people[1])].enumerated() {
            var t = Peerlink_V1_TokenCreate()
            t.role = role
            if let person { t.personID = person }
            guard let secret = call(.tokenCreate(t))?.tokenCreate.secret else { continue }
            var s = Session(id: 3 + i, transport: .tcp)
            var hello = Peerlink_V1_Hello()
            hello.protocolVersion = protocolVersion
            hello.token = secret
            var r = WireRequest()
            r.operation = .hello(hello)
            _ = dispatcher.handle(r, session: &s, sink: sink)
            sessions.append(s)
        }
    }

    /// Commits every pending batch, as the loop and writer thread would.
    func commit() {
        while let batch = dispatcher.nextBatch() {
            dispatcher.batchCommitted(store.commit(batch), storeBytes: 0)
        }
    }
}

nonisolated(unsafe) let world = World()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let caller = Int(data[0]) % world.sessions.count
    var session = world.sessions[caller]
    let frame = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    _ = world.dispatcher.handle(frame: frame[...], session: &session, sink: world.sink)
    world.commit()
    return 0
}

/// libFuzzer's driver, called from the executable's entry point: SwiftPM links an executable target's `main` to
/// `dispatch_fuzz_main` (so that tests could link it), which leaves libFuzzer's own `main` out.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("dispatch_fuzz_main")
public func dispatchFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzOneInput(data, size) }
}
