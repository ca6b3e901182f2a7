-- 0012: a meeting recorded by mistake can be deleted (`engagement_meeting_delete`): the row stays, with the time
-- it was deleted, and is not loaded into the directory.
ALTER TABLE engagement_meetings ADD COLUMN deleted_at INTEGER;
