internal import Crypto
import PeerlinkCore
import PeerlinkWire

/// Handlers for the session, the schools and areas, nominations and access tokens (the first slice).
enum DirectoryHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("hello", roles: .everyone.union([.web]), .session(hello)),
        OperationSpec("ping", roles: .everyone.union([.web]), cost: .cheap, .read(ping)),
        OperationSpec("stats", roles: .staff.union([.web]), onLoop: true, .read(stats)),
        OperationSpec("school_upsert", roles: .adminOnly, .write(schoolUpsert)),
        OperationSpec("school_get", roles: .everyone, cost: .cheap, .read(schoolGet)),
        OperationSpec("school_search", roles: .everyone, cost: .slow, .read(schoolSearch)),
        OperationSpec("area_list", roles: .everyone, .read(areaList)),
        OperationSpec("area_add", roles: .adminOnly, .write(areaAdd)),
        OperationSpec("area_alias", roles: .adminOnly, .write(areaAlias)),
        OperationSpec("area_relate", roles: .adminOnly, .write(areaRelate)),
        OperationSpec("nomination_create", roles: [.admin, .head], .write(nominationCreate)),
        OperationSpec("nomination_update", roles: [.admin, .head], .write(nominationUpdate)),
        OperationSpec("nomination_withdraw", roles: [.admin, .head], .write(nominationWithdraw)),
        OperationSpec("nomination_list", roles: [.admin, .adviser, .head], .read(nominationList)),
        OperationSpec("token_create", roles: .adminOnly, .write(tokenCreate)),
        OperationSpec("token_list", roles: .adminOnly, .read(tokenList)),
        OperationSpec("token_revoke", roles: .adminOnly, .write(tokenRevoke)),
    ]

    // MARK: Session

    static func hello(_ session: inout Session, _ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let h = ctx.request.hello
        guard h.protocolVersion == 0 || h.protocolVersion == protocolVersion else {
            throw .badRequest(
                "protocol version \(h.protocolVersion) is not supported; this daemon speaks version \(protocolVersion): "
                    + "use a client from the same release",
                field: "protocol_version")
        }
        if session.transport == .tcp {
            guard !h.token.isEmpty else {
                throw PeerlinkError(.unauthenticated, "a token is required over TCP; pass --token or set PEERLINK_TOKEN", field: "token")
            }
            guard let token = ctx.directory.token(secretHash: TokenSecret.hash(h.token)) else {
                throw PeerlinkError(.unauthenticated, "this token is not known; check it or ask an admin for a new one", field: "token")
            }
            if let refusal = token.refusal(at: ctx.now) {
                throw PeerlinkError(.unauthenticated, refusal, field: "token")
            }
            session.role = token.role
            session.personID = token.personID
            session.tokenID = token.id
            session.tokenExpiresAt = token.expiresAt
        }
        session.clientName = h.clientName
        var reply = Peerlink_V1_HelloReply()
        reply.serverVersion = ctx.server.version
        reply.protocolVersion = protocolVersion
        reply.role = session.role?.rawValue ?? ""
        if let p = session.personID { reply.personID = p }
        return .hello(reply)
    }

    static func ping(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var pong = Peerlink_V1_Pong()
        pong.payload = ctx.request.ping.payload
        return .ping(pong)
    }

    static func stats(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var s = Peerlink_V1_Stats()
        let server = ctx.server
        s.version = server.version
        s.uptimeSeconds = server.uptimeSeconds
        s.connections = UInt32(server.connections)
        s.storeBytes = UInt64(max(0, server.storeBytes))
        s.commits = server.commits
        s.committedChanges = server.committedChanges
        s.totalRequests = server.totalRequests
        s.replyCacheHits = server.replyCache.hits
        s.replyCacheMisses = server.replyCache.misses
        s.replyCacheEntries = UInt64(server.replyCache.entries)
        s.replyCacheBytes = UInt64(server.replyCache.budgetBytes)
        // Peer-support figures (how many requests, engagements, feedback) are for admins only (`Authority`).
        let figures = ctx.directory.may(.peerSupportFigures, by: ctx.caller)
        let hidden = figures ? [] : Set(ctx.directory.peerSupport.counts.keys)
        let hiddenOperations = figures ? [] : Set(PeerSupportHandlers.specs.map(\.name))
        for (name, count) in ctx.directory.counts where !hidden.contains(name) { s.counts[name] = UInt64(count) }
        for (name, op) in server.operations where !hiddenOperations.contains(name) {
            var w = Peerlink_V1_OperationStats()
            w.count = op.count
            w.errors = op.errors
            w.meanMicros = op.count == 0 ? 0 : op.totalMicros / Double(op.count)
            w.maxMicros = op.maxMicros
            s.operations[name] = w
        }
        return .stats(s)
    }

    // MARK: Schools and areas

    static func schoolUpsert(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        guard ctx.request.schoolUpsert.hasSchool else { throw .badRequest("give the school to store", field: "school") }
        let school = try School(wire: ctx.request.schoolUpsert.school)
        let change = try ctx.directory.prepareSchoolUpsert(school)
        return PreparedWrite(change) { d in .schoolUpsert(schoolView(school.urn, in: d)) }
    }

    static func schoolGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let urn = Int(ctx.request.schoolGet.urn)
        guard urn > 0 else { throw .badRequest("give the school's URN", field: "urn") }
        guard let school = ctx.directory.school(resolvingURN: urn) else {
            throw .notFound("no school with URN \(urn); `peerlink school search NAME` finds a school's URN", field: "urn")
        }
        return .schoolGet(schoolView(school.urn, in: ctx.directory))
    }

    static func schoolSearch(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let q = ctx.request.schoolSearch
        guard !Text.tidy(q.text).isEmpty else { throw .badRequest("give words of the name, or a URN", field: "text") }
        guard q.text.count <= Directory.maximumSearchLength else {
            throw .badRequest(
                "search text is at most \(Directory.maximumSearchLength) characters; give words of the name or a URN",
                field: "text")
        }
        let limit = q.limit == 0 ? 20 : Int(q.limit)
        guard limit <= 500 else { throw .badRequest("limit is at most 500", field: "limit") }
        var list = Peerlink_V1_SchoolList()
        list.schools = ctx.directory.searchSchools(q.text, limit: limit).map { schoolView($0.urn, in: ctx.directory) }
        return .schoolSearch(list)
    }

    /// A school as the protocol shows it, with the register's history: the URNs it succeeded, and the one
    /// that succeeded it (when exactly one did; a split school has several).
    static func schoolView(_ urn: Int, in d: Directory) -> Peerlink_V1_School {
        guard let school = d.schools[urn] else { return Peerlink_V1_School() }
        var w = school.wire
        w.predecessorUrns = d.register.predecessors(of: urn).map { Int32($0) }
        let successors = d.register.successors(of: urn)
        if successors.count == 1 { w.successorUrn = Int32(successors[0]) }
        return w
    }

    static func areaList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let kindText = ctx.request.areaList.kind
        let kind: AreaKind? = kindText.isEmpty ? nil : try parseEnum(kindText, AreaKind.self, field: "kind")
        var reply = Peerlink_V1_AreaListReply()
        reply.areas = ctx.directory.areaOrder.compactMap { ctx.directory.areas[$0] }
            .filter { kind == nil || $0.kind == kind }.map(\.wire)
        return .areaList(reply)
    }

    static func areaAdd(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.areaAdd
        var phases: [Phase] = []
        for (i, p) in r.phases.enumerated() { phases.append(try parseEnum(p, Phase.self, field: "phases[\(i)]")) }
        let (change, area) = try ctx.directory.prepareAreaAdd(
            id: r.id, name: r.name, kind: try parseEnum(r.kind.isEmpty ? "theme" : r.kind, AreaKind.self, field: "kind"),
            parent: r.parent, phases: phases, aliases: r.aliases)
        return PreparedWrite(change) { d in .areaAdd(d.areas[area.id]?.wire ?? area.wire) }
    }

    static func areaAlias(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.areaAlias
        let (change, area) = try ctx.directory.prepareAreaAlias(area: r.area, alias: r.alias)
        return PreparedWrite(change) { d in .areaAlias(d.areas[area.id]?.wire ?? area.wire) }
    }

    static func areaRelate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.areaRelate
        let (change, area) = try ctx.directory.prepareAreaRelate(area: r.area, to: r.related)
        return PreparedWrite(change) { d in .areaRelate(d.areas[area.id]?.wire ?? area.wire) }
    }

    // MARK: Nominations

    /// A head may act only for their own school's nominations (`Authority`).
    static func requireOwnSchool(_ urn: Int, _ ctx: RequestContext) throws(PeerlinkError) {
        try ctx.directory.authorize(.schoolNominations(urn: urn), by: ctx.caller)
    }

    static func nominationCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.nominationCreate
        guard r.urn > 0 else { throw .badRequest("give the nominee's school URN", field: "urn") }
        try requireOwnSchool(Int(r.urn), ctx)
        let draft = NominationDraft(
            urn: Int(r.urn), nomineeName: r.name, nomineeEmail: r.email, nomineeRole: r.role, areas: r.areas.core,
            capacity: r.hasCapacity ? Int(r.capacity) : nil, modes: try parseModes(r.modes), consent: r.consent,
            nominatedBy: r.hasNominatedBy ? r.nominatedBy : nil, strengths: r.strengths.core)
        let (change, id) = try ctx.directory.prepareNomination(
            draft, by: ctx.caller, emailPolicy: ctx.config.emailPolicy, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d, requestID in
            d.nominationViewResponseBody(nominationID: id, requestID: requestID, as: .nominationCreate)
        }
    }

    static func nominationUpdate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.nominationUpdate
        let existing = try ctx.directory.requireNomination(r.id)
        try requireOwnSchool(existing.urn, ctx)
        let patch = NominationPatch(
            areas: r.hasAreas ? r.areas.areas.core : nil, capacity: r.hasCapacity ? Int(r.capacity) : nil,
            modes: r.hasModes ? try parseModes(r.modes.modes) : nil, consent: r.hasConsent ? r.consent : nil,
            status: r.status.isEmpty ? nil : try parseEnum(r.status, NominationStatus.self, field: "status"),
            nomineeName: r.hasName ? r.name : nil, nomineeRole: r.hasRole ? r.role : nil,
            nomineeEmail: r.hasEmail ? r.email : nil, strengths: r.strengths.core)
        // The nominee's name, role and email are their person record: changed only as `person_update` allows.
        if patch.nomineeName != nil || patch.nomineeRole != nil || patch.nomineeEmail != nil {
            try ctx.directory.authorize(.changePerson(id: existing.personID), by: ctx.caller)
        }
        let change = try ctx.directory.prepareNominationUpdate(
            id: r.id, patch, emailPolicy: ctx.config.emailPolicy, now: ctx.now)
        return PreparedWrite(change) { d, requestID in
            d.nominationViewResponseBody(nominationID: r.id, requestID: requestID, as: .nominationUpdate)
        }
    }

    static func nominationWithdraw(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.nominationWithdraw.id
        try requireOwnSchool(try ctx.directory.requireNomination(id).urn, ctx)
        let change = try ctx.directory.prepareNominationWithdraw(id: id, now: ctx.now)
        return PreparedWrite(change) { d, requestID in
            d.nominationViewResponseBody(nominationID: id, requestID: requestID, as: .nominationWithdraw)
        }
    }

    static func nominationList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.nominationList
        let urn = Int(r.urn)
        guard urn > 0 else { throw .badRequest("give the school's URN", field: "urn") }
        try requireOwnSchool(urn, ctx)
        guard let school = ctx.directory.school(resolvingURN: urn) else {
            throw .notFound("no school with URN \(urn); `peerlink school search NAME` finds a school's URN", field: "urn")
        }
        var reply = Peerlink_V1_NominationListReply()
        reply.nominations = ctx.directory.nominations(atSchool: school.urn)
            .filter { r.includeWithdrawn || $0.status != .withdrawn }
            .map { ctx.directory.nominationView($0) }
        return .nominationList(reply)
    }

    // MARK: Tokens

    static func tokenCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.tokenCreate
        let role = try parseEnum(r.role, Role.self, field: "role")
        if r.hasExpiresAt {
            // Unix seconds within the dates the directory accepts (before 2200-12-31).
            guard r.expiresAt > ctx.now, r.expiresAt < 7_289_654_400 else {
                throw .badRequest("expires_at must be a time after now and before 2201 (unix seconds)", field: "expires_at")
            }
        }
        let secret = TokenSecret.generate()
        let (change, token) = try ctx.directory.prepareToken(
            role: role, personID: r.hasPersonID ? r.personID : nil, label: r.label,
            expiresAt: r.hasExpiresAt ? r.expiresAt : nil, secretHash: TokenSecret.hash(secret), ids: &ids,
            now: ctx.now)
        return PreparedWrite(change) { d in
            guard let stored = d.tokens[token.id] else { return missingAfterCommit("token \(token.id)") }
            var created = Peerlink_V1_TokenCreated()
            created.token = stored.wire
            created.secret = secret
            return .tokenCreate(created)
        }
    }

    static func tokenList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var reply = Peerlink_V1_TokenListReply()
        reply.tokens = ctx.directory.tokens.values.sorted { $0.id < $1.id }.map(\.wire)
        return .tokenList(reply)
    }

    static func tokenRevoke(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.tokenRevoke.id
        let change = try ctx.directory.prepareTokenRevoke(id: id, now: ctx.now)
        return PreparedWrite(change) { d in d.tokens[id].map { .tokenRevoke($0.wire) } ?? missingAfterCommit("token \(id)") }
    }
}

/// Token secrets: 32 random bytes shown once as `plk_` + hex; only the SHA-256 is stored.
enum TokenSecret {
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return "plk_" + hex(bytes)
    }

    static func hash(_ secret: String) -> String {
        hex(Array(SHA256.hash(data: Array(secret.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
