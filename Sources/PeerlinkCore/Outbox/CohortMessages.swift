/// The early-headship emails: a cohort's groups and session dates. Their text is written here and nowhere else.
extension Directory {
    /// The emails a stored forming (`prepareCohortFormation(_:ids:now:)`) sends, built before it is stored: one
    /// to each member of every group the plan forms new or changes (other members, another facilitator, other
    /// sessions), and one to each facilitator of those groups, covering all of theirs that changed. A group
    /// stored before with the same members, facilitator and sessions sends nothing, so forming again (with
    /// `keep`, or the same seed) emails only the people whose group or dates moved.
    ///
    /// A member's email names the people of their own group (name and school), its facilitator and its
    /// sessions, never another group's members nor anyone's email address. People without an email are skipped.
    public func cohortGroupMessages(_ plan: CohortPlan, ids: inout IDAllocator, now: Int64) -> [OutboxMessage] {
        guard let cohort = cohorts.cohorts[plan.cohortID] else { return [] }
        let stored = Dictionary(
            cohorts.activeGroups(cohortID: cohort.id).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        func lines(_ sessions: [(number: Int, start: LocalDateTime, minutes: Int)]) -> [String] {
            sessions.sorted { $0.number < $1.number }.map {
                "Session \($0.number): \(Self.weekdayName($0.start.day)) \($0.start.day), "
                    + "\(SchoolCalendar.clock($0.start.minute))–\(SchoolCalendar.clock($0.start.minute + $0.minutes))"
            }
        }
        func storedLines(_ g: CohortGroup) -> [String] {
            lines(cohorts.sessions(groupID: g.id).map { ($0.number, $0.start, $0.minutes) })
        }
        var changed: [(group: FormedGroup, sessions: [String])] = []
        for g in plan.formation.groups.sorted(by: { $0.number < $1.number }) {
            let before = stored[g.number]
            let sessions =
                plan.keptSessionGroups.contains(g.number)
                ? before.map(storedLines) ?? []
                : lines(plan.sessions.filter { $0.groupNumber == g.number }.map { ($0.number, $0.start, $0.minutes) })
            if let before, before.memberIDs == g.memberIDs, before.facilitatorID == g.facilitatorID,
                storedLines(before) == sessions
            {
                continue
            }
            changed.append((g, sessions))
        }

        func who(_ id: Int64?) -> String? {
            guard let id, let p = people[id], !p.erased else { return nil }
            return school(p.urn).map { "\(p.name), \($0.name)" } ?? p.name
        }
        func describe(_ g: FormedGroup, _ sessions: [String]) -> String {
            let members = g.memberIDs.compactMap(who).map { "- \($0)" }.joined(separator: "\n")
            let dates =
                sessions.isEmpty
                ? "The session dates are still to be set; you will get another email when they are."
                : "Sessions (times in England):\n" + sessions.joined(separator: "\n")
            return """
                Group \(g.number) (\(g.phase.rawValue)):
                \(members)
                Facilitator: \(who(g.facilitatorID) ?? "to be confirmed")
                \(dates)
                """
        }
        let signIn = Self.signInLine("see your cohort", path: "/cohorts")
        var out: [OutboxMessage] = []
        for (g, sessions) in changed {
            for member in g.memberIDs.compactMap({ mailable($0) }) {
                out.append(
                    OutboxMessage(
                        id: ids.next("outbox", in: self), kind: .cohortGroup, to: member.email,
                        subject: "peerlink: your group and session dates in \(cohort.name)",
                        body: """
                            Hello \(member.name),

                            Your early-headship peer group in \(cohort.name) is ready. These are the heads in your group,
                            its facilitator and your sessions.

                            \(describe(g, sessions))

                            \(signIn)
                            """,
                        createdAt: now))
            }
        }
        var facilitated: [Int64: [(group: FormedGroup, sessions: [String])]] = [:]
        for c in changed { if let f = c.group.facilitatorID { facilitated[f, default: []].append(c) } }
        for (f, groups) in facilitated.sorted(by: { $0.key < $1.key }) {
            guard let p = mailable(f) else { continue }
            let count = groups.count == 1 ? "the group" : "the \(groups.count) groups"
            out.append(
                OutboxMessage(
                    id: ids.next("outbox", in: self), kind: .cohortGroup, to: p.email,
                    subject: "peerlink: the groups you facilitate in \(cohort.name)",
                    body: """
                        Hello \(p.name),

                        You facilitate \(count) below in the early-headship cohort \(cohort.name): its members and
                        sessions.

                        \(groups.map { describe($0.group, $0.sessions) }.joined(separator: "\n\n"))

                        \(signIn)
                        """,
                    createdAt: now))
        }
        return out
    }

    /// "Monday" … "Sunday".
    static func weekdayName(_ day: Day) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.isoWeekday - 1]
    }
}
