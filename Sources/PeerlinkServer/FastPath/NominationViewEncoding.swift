public import PeerlinkCore

/// The reply to a nomination write (create, update, withdraw) written straight to protobuf bytes.
///
/// Nomination updates are the commonest write; building their `NominationView` as generated messages and
/// encoding it (a size pass, then a write pass, over storage classes) was about 40% of a write's cost on the loop
/// thread, the thread that also answers every read. The same proto3 rules as `LinkMatchEncoding.swift`; the
/// mapping it must agree with is `Directory.nominationView(_:)` (`Mapping.swift`), and
/// `NominationViewEncodingTests` compares the two byte for byte. Change both together.
/// The `Response` results that carry a `NominationView` (their field numbers in schema/peerlink.proto).
public enum NominationViewResult: Int, Sendable, CaseIterable {
    case nominationCreate = 17
    case nominationUpdate = 18
    case nominationWithdraw = 19
}

extension Directory {
    /// The body of a `Response` with `requestID` and, as `result`, the view of the nomination as this directory
    /// has it now (its nominee and school name beside it).
    public func nominationViewResponseBody(
        nominationID: Int64, requestID: UInt64, as result: NominationViewResult
    ) -> [UInt8] {
        var w = ProtoWriter(capacity: 256)
        w.uint64(1, requestID)
        let view = w.beginMessage(result.rawValue)
        if let n = nominations[nominationID] {
            var at = w.beginMessage(1)
            w.nomination(n, openLinks: links.openLinks(forNomination: n.id))
            w.endMessage(at)
            if let p = people[n.personID] {
                at = w.beginMessage(2)
                w.person(p)
                w.endMessage(at)
            }
            w.string(3, schools[n.urn]?.name ?? "")
        }
        w.endMessage(view)
        return w.bytes
    }
}

extension ProtoWriter {
    // MARK: Directory messages (field numbers as in schema/peerlink.proto)

    mutating func nomination(_ n: borrowing Nomination, openLinks: Int) {
        int64(1, n.id)
        int64(2, n.personID)
        int32(3, Int32(truncatingIfNeeded: n.urn))
        for a in n.areas {
            let at = beginMessage(4)
            string(1, a.areaID)
            string(2, a.strength)
            endMessage(at)
        }
        if let by = n.nominatedBy { presentInt64(5, by) }
        bool(6, n.consent)
        uint32(7, UInt32(truncatingIfNeeded: n.capacity))
        for mode in n.modes { presentString(8, mode.rawValue) }
        string(9, n.status.rawValue)
        int64(10, n.createdAt)
        int64(11, n.updatedAt)
        uint32(12, UInt32(truncatingIfNeeded: openLinks))
    }

    mutating func person(_ p: borrowing Person) {
        int64(1, p.id)
        string(2, p.name)
        string(3, p.email)
        int32(4, Int32(truncatingIfNeeded: p.urn))
        string(5, p.role)
        string(6, p.headshipStart?.description ?? "")
        string(7, p.npqh?.rawValue ?? "")
        bool(8, p.withdrawnFromEarlierOffer)
    }
}
