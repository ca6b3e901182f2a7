-- 0013: a cohort's own session time and day pattern (`cohort create --session-start 14:00 --session-days tue,thu`).
ALTER TABLE cohorts ADD COLUMN session_start INTEGER CHECK (session_start IS NULL OR session_start BETWEEN 0 AND 1439);
ALTER TABLE cohorts ADD COLUMN session_weekdays TEXT NOT NULL DEFAULT '';  -- ISO weekdays, comma-separated; '' = any
