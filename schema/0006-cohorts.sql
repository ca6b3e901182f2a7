-- 0006: early-headship cohorts (DESIGN §1.4, §4 "Group formation"): cohorts, applications and the wait-list,
-- facilitators, formed groups and their sessions.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE cohorts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,        -- Text.foldKey(name): names compare without case or punctuation
    cap             INTEGER CHECK (cap IS NULL OR cap > 0),   -- NULL: an open cohort, no wait-list
    min_group_size  INTEGER NOT NULL CHECK (min_group_size >= 2),
    max_group_size  INTEGER NOT NULL CHECK (max_group_size >= min_group_size),
    start_day       TEXT NOT NULL,               -- YYYY-MM-DD
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE cohort_applications (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    applied_at  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('accepted', 'wait-listed', 'withdrawn')),
    position    INTEGER NOT NULL CHECK (position > 0),   -- application order in the cohort, never reused
    updated_at  INTEGER NOT NULL,
    UNIQUE (cohort_id, person_id),
    UNIQUE (cohort_id, position)
) STRICT;

CREATE TABLE cohort_facilitators (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    max_groups  INTEGER NOT NULL CHECK (max_groups > 0),
    UNIQUE (cohort_id, person_id)
) STRICT;

-- Groups are never deleted: one a later forming drops is marked dissolved.
CREATE TABLE cohort_groups (
    id              INTEGER PRIMARY KEY,
    cohort_id       INTEGER NOT NULL REFERENCES cohorts(id),
    number          INTEGER NOT NULL CHECK (number > 0),
    phase           TEXT NOT NULL CHECK (phase IN ('nursery', 'primary', 'middle', 'secondary', 'all-through',
                                                   '16-plus', 'special', 'alternative-provision')),
    facilitator_id  INTEGER REFERENCES people(id),
    dissolved       INTEGER NOT NULL DEFAULT 0 CHECK (dissolved IN (0, 1)),
    formed_at       INTEGER NOT NULL,
    UNIQUE (cohort_id, number)
) STRICT;

-- A group's members in ascending person id (CohortGroup.memberIDs); rewritten with the group.
CREATE TABLE cohort_group_members (
    group_id   INTEGER NOT NULL REFERENCES cohort_groups(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (group_id, person_id)
) STRICT;

-- Cancelled sessions stay as history.
CREATE TABLE cohort_sessions (
    id              INTEGER PRIMARY KEY,
    cohort_id       INTEGER NOT NULL REFERENCES cohorts(id),
    group_id        INTEGER NOT NULL REFERENCES cohort_groups(id),
    number          INTEGER NOT NULL CHECK (number > 0),
    facilitator_id  INTEGER NOT NULL REFERENCES people(id),
    start           TEXT NOT NULL,               -- local time in England, YYYY-MM-DDTHH:MM
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    cancelled       INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
) STRICT;
CREATE INDEX cohort_sessions_group ON cohort_sessions(group_id);
CREATE INDEX cohort_sessions_facilitator ON cohort_sessions(facilitator_id, start);
