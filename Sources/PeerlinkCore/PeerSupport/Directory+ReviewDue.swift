extension Directory {
    /// What the daemon's review-due sweep commits on `day` (England's date): for each engagement
    /// `engagementsDue(on:)` lists (active, within `Engagement.reviewWindowDays` of its end with no review since
    /// the window opened, or past its end) whose email for its current end was not queued yet, the emails to its
    /// head and supporter (`reviewDueMessages`) and the engagement marked with that end (`reviewNoticeFor`), all
    /// in one change. A review that extends the cycle moves the end, so the next review's email comes when that
    /// is due. Empty when nothing new is due: running it again, or after a restart, queues nothing twice.
    public func prepareReviewDueNotices(on day: Day, ids: inout IDAllocator, now: Int64) -> Change {
        var records: [any DirectoryRecord] = []
        for due in engagementsDue(on: day) {
            guard var e = peerSupport.engagements[due.engagementID], e.reviewNoticeFor != e.end else { continue }
            records += reviewDueMessages(e, pastEnd: due.kind == .pastEnd, ids: &ids, now: now)
            e.reviewNoticeFor = e.end
            records.append(e)
        }
        return Change(records)
    }
}
