-- 0015: the "review due" email is queued once per cycle end. The daemon's sweep (at start and on a timer)
-- records here the cycle end (YYYY-MM-DD) whose email it queued, in the same commit as the email, so a restart
-- does not send it again; a review that extends the cycle moves its end, and the next review's email follows.
ALTER TABLE engagements ADD COLUMN review_due_notified_for TEXT;
