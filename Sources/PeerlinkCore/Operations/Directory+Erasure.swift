/// What an erasure cleared, for the reply (counts only).
public struct ErasureSummary: Sendable, Equatable {
    public var personID: Int64
    /// Nominations of the person whose strength statements were cleared (and which were withdrawn).
    public var nominations = 0
    /// The person's supporter profile had its summary and coaching record cleared (and was retired).
    public var supporterProfile = false
    /// Needs targets of the person (text and success criteria, with their reviews' notes).
    public var targets = 0
    /// Feedback comments given by the person or about them (on an engagement where they were the supporter).
    public var feedback = 0
    /// Link request notes the person wrote, and link outcomes of links to their nominations.
    public var linkTexts = 0
    public var tokensRevoked = 0
    /// Emails in the outbox to or about the person whose text was cleared (pending ones not sent).
    public var messages = 0

    public init(personID: Int64) { self.personID = personID }
}

extension Person {
    /// The name an erased person shows under in every reply; they have no email.
    public static let erasedName = "(erased)"
}

extension Directory {
    /// Erases a person (DESIGN §7): every piece of their personal data leaves memory and the database, while
    /// ids, counts and history stay, so the figures that count them (links, engagements, meetings, feedback
    /// ratings, cohort places, the audit log, which holds only ids) still add up.
    ///
    /// Cleared: the person's name (shown as `Person.erasedName`), email and role; the strength statements of
    /// their nominations (which are withdrawn: nobody can be linked with a person who is gone); their supporter
    /// profile's summary and coaching record (the profile is retired); their needs targets' text and success
    /// criteria and the notes of those targets' reviews; feedback comments on engagements where they were the
    /// head (who wrote them) or the supporter (whom they describe); the notes of link requests they made and the
    /// outcomes of links to their nominations; their tokens' labels (the tokens are revoked). Meetings,
    /// supervision and escalations hold no free text. Ratings, dates, statuses and ids are kept.
    ///
    /// The change asks the store to purge what it overwrote (`PurgeOverwrittenBytes`: with `secure_delete` on,
    /// a WAL checkpoint and truncate leave no byte of the old text in the database or its `-wal`). Backups taken
    /// earlier still hold the person; see the README's operations notes.
    public func prepareErasure(personID: Int64, now: Int64) throws(PeerlinkError) -> (change: Change, summary: ErasureSummary) {
        var person = try requirePerson(personID)
        guard !person.erased else {
            throw .conflict("person \(personID) is already erased; there is nothing left to remove", field: "id")
        }
        var summary = ErasureSummary(personID: personID)
        var records: [any DirectoryRecord] = []

        person.name = Person.erasedName
        person.email = ""
        person.role = ""
        person.erased = true
        records.append(person)

        var nominationIDs = Set<Int64>()
        for n in nominations.values where n.personID == personID {
            var cleared = n
            cleared.areas = n.areas.map { NominatedArea(areaID: $0.areaID, strength: "") }
            if cleared.status != .withdrawn {
                cleared.status = .withdrawn
                cleared.updatedAt = now
            }
            nominationIDs.insert(n.id)
            records.append(cleared)
            summary.nominations += 1
        }

        if var profile = peerSupport.profile(ofPerson: personID) {
            profile.summary = ""
            profile.coachingRecord = ""
            profile.status = .retired
            profile.updatedAt = now
            records.append(profile)
            summary.supporterProfile = true
            for e in peerSupport.engagements(ofProfile: profile.id) {
                if var f = peerSupport.feedback[e.id], f.comment != nil {
                    f.comment = nil
                    records.append(f)
                    summary.feedback += 1
                }
            }
        }

        for var target in peerSupport.targets(ofHead: personID) {
            for var review in peerSupport.reviews(ofTarget: target.id) where !review.note.isEmpty {
                review.note = ""
                records.append(review)
            }
            target.text = ""
            target.successCriteria = ""
            target.updatedAt = now
            records.append(target)
            summary.targets += 1
        }

        for e in peerSupport.engagements(ofHead: personID) {
            if var f = peerSupport.feedback[e.id], f.comment != nil {
                f.comment = nil
                records.append(f)
                summary.feedback += 1
            }
        }
        // Feedback the person gave on an engagement not indexed under them as head (data moved between heads).
        for f in peerSupport.feedback.values where f.givenBy == personID && f.comment != nil
            && !records.contains(where: { ($0 as? EngagementFeedback)?.engagementID == f.engagementID })
        {
            var cleared = f
            cleared.comment = nil
            records.append(cleared)
            summary.feedback += 1
        }

        for r in links.requestsByID.values where r.createdBy == personID && !r.notes.isEmpty {
            var cleared = r
            cleared.notes = ""
            records.append(cleared)
            summary.linkTexts += 1
        }
        for l in links.linksByID.values where nominationIDs.contains(l.nominationID) && !l.outcome.isEmpty {
            var cleared = l
            cleared.outcome = ""
            records.append(cleared)
            summary.linkTexts += 1
        }

        for t in tokens.values where t.personID == personID {
            var revoked = t
            revoked.label = ""
            if revoked.revokedAt == nil {
                revoked.revokedAt = now
                summary.tokensRevoked += 1
            }
            records.append(revoked)
        }

        // The web front end's records: invitations still open are revoked; emails to or about the person lose
        // their text (a pending one is not sent), keeping only that a message was queued and when.
        let email = people[personID]?.email.lowercased() ?? ""
        let name = people[personID]?.name ?? ""
        for i in web.invitations.values where i.personID == personID && i.redeemedAt == nil && i.revokedAt == nil {
            var revoked = i
            revoked.revokedAt = now
            records.append(revoked)
        }
        for m in web.outbox.values {
            let about = (!email.isEmpty && (m.to.lowercased() == email || m.body.lowercased().contains(email)))
                || (!name.isEmpty && (m.body.contains(name) || m.subject.contains(name)))
            guard about else { continue }
            var cleared = m
            if cleared.to.lowercased() == email { cleared.to = "" }
            cleared.subject = Person.erasedName
            cleared.body = ""
            if cleared.status == .pending {
                cleared.status = .failed
                cleared.lastError = "not sent: the person it concerned was erased"
            }
            records.append(cleared)
            summary.messages += 1
        }

        var change = Change(records)
        change.followUps = [PurgeOverwrittenBytes()]
        return (change, summary)
    }
}
