-- 0009: each school's latest graded inspection from Ofsted's management information file (by URN), for
-- supporter eligibility ("judged good or better at its last inspection", read through a configurable policy
-- per framework). No foreign key to schools: the file is national, like the register's links.
-- Judgements and report card areas are stored as `name=grade` pairs joined by `;` (names are Ofsted's plain
-- titles in lower case; grades 1–4, report cards 1–5).
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE inspections (
    urn                       INTEGER PRIMARY KEY CHECK (urn > 0),
    inspection_number         TEXT NOT NULL DEFAULT '',
    start_date                TEXT NOT NULL,            -- YYYY-MM-DD
    publication_date          TEXT,
    framework                 TEXT NOT NULL CHECK (framework IN ('overall-effectiveness', 'key-judgements', 'report-card')),
    overall                   INTEGER CHECK (overall BETWEEN 1 AND 4),
    judgements                TEXT NOT NULL DEFAULT '',
    areas                     TEXT NOT NULL DEFAULT '',
    safeguarding_met          INTEGER CHECK (safeguarding_met IN (0, 1)),
    previous_date             TEXT,
    previous_overall          INTEGER CHECK (previous_overall BETWEEN 1 AND 4),
    previous_was_predecessor  INTEGER NOT NULL DEFAULT 0 CHECK (previous_was_predecessor IN (0, 1))
) STRICT;
