-- 0005: headteacher peer support (DESIGN §1.2, §1.3, §1.5): supporter profiles and supervision, needs
-- assessments and targets, support requests and declines, engagements with their meetings and reviews,
-- feedback, and safeguarding escalations.
-- Append-only: never edit a migration that has shipped; add the next number instead.
-- Dates are ISO text (YYYY-MM-DD), meeting starts local ISO text (YYYY-MM-DDTHH:MM), instants unix seconds.

CREATE TABLE supporter_profiles (
    id                     INTEGER PRIMARY KEY,
    person_id              INTEGER NOT NULL UNIQUE REFERENCES people(id),
    summary                TEXT NOT NULL,
    regions_served         TEXT NOT NULL DEFAULT '',   -- '|'-separated region names
    capacity               INTEGER NOT NULL CHECK (capacity > 0),
    status                 TEXT NOT NULL CHECK (status IN ('active', 'paused', 'retired')),
    training_completed     TEXT,
    coaching_record        TEXT NOT NULL DEFAULT '',
    knows_local_processes  INTEGER NOT NULL DEFAULT 0 CHECK (knows_local_processes IN (0, 1)),
    recorded_inspection    TEXT,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
) STRICT;

CREATE TABLE supporter_skills (
    profile_id  INTEGER NOT NULL REFERENCES supporter_profiles(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    area_id     TEXT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (profile_id, position)
) STRICT;

-- Notes-free by design: only that supervision happened, when and for how long.
CREATE TABLE supervision_meetings (
    id           INTEGER PRIMARY KEY,
    profile_id   INTEGER NOT NULL REFERENCES supporter_profiles(id),
    day          TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    recorded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX supervision_meetings_profile ON supervision_meetings(profile_id);

CREATE TABLE needs_assessments (
    id           INTEGER PRIMARY KEY,
    head_id      INTEGER NOT NULL REFERENCES people(id),
    assessed_on  TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX needs_assessments_head ON needs_assessments(head_id);

CREATE TABLE needs_ratings (
    assessment_id  INTEGER NOT NULL REFERENCES needs_assessments(id) ON DELETE CASCADE,
    area_id        TEXT NOT NULL REFERENCES areas(id),
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    PRIMARY KEY (assessment_id, area_id)
) STRICT;

CREATE TABLE needs_targets (
    id                INTEGER PRIMARY KEY,
    head_id           INTEGER NOT NULL REFERENCES people(id),
    area_id           TEXT NOT NULL REFERENCES areas(id),
    text              TEXT NOT NULL,
    due               TEXT NOT NULL,
    success_criteria  TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('open', 'met', 'dropped')),
    baseline          INTEGER CHECK (baseline BETWEEN 1 AND 4),
    created_on        TEXT NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX needs_targets_head ON needs_targets(head_id);

CREATE TABLE target_reviews (
    id            INTEGER PRIMARY KEY,
    target_id     INTEGER NOT NULL REFERENCES needs_targets(id),
    reviewed_on   TEXT NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    note          TEXT NOT NULL DEFAULT '',
    status_after  TEXT NOT NULL CHECK (status_after IN ('open', 'met', 'dropped')),
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX target_reviews_target ON target_reviews(target_id);

CREATE TABLE support_requests (
    id          INTEGER PRIMARY KEY,
    head_id     INTEGER NOT NULL REFERENCES people(id),
    mode        TEXT NOT NULL CHECK (mode IN ('in-person', 'online')),
    status      TEXT NOT NULL CHECK (status IN ('open', 'engaged', 'withdrawn')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX support_requests_head ON support_requests(head_id);

CREATE TABLE support_request_concerns (
    request_id  INTEGER NOT NULL REFERENCES support_requests(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    area_id     TEXT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (request_id, position)
) STRICT;

CREATE TABLE support_declines (
    request_id   INTEGER NOT NULL REFERENCES support_requests(id),
    profile_id   INTEGER NOT NULL REFERENCES supporter_profiles(id),
    declined_at  INTEGER NOT NULL,
    PRIMARY KEY (request_id, profile_id)
) STRICT;

CREATE TABLE engagements (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL UNIQUE REFERENCES support_requests(id),
    head_id     INTEGER NOT NULL REFERENCES people(id),
    profile_id  INTEGER NOT NULL REFERENCES supporter_profiles(id),
    start_day   TEXT NOT NULL,
    end_day     TEXT NOT NULL,   -- six months from start_day, or the last review's extension
    extensions  INTEGER NOT NULL DEFAULT 0 CHECK (extensions >= 0),
    status      TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    closed_on   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX engagements_head ON engagements(head_id);
CREATE INDEX engagements_profile ON engagements(profile_id);

CREATE TABLE engagement_meetings (
    id             INTEGER PRIMARY KEY,
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id),
    starts_at      TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    mode           TEXT NOT NULL CHECK (mode IN ('in-person', 'online')),
    recorded_by    INTEGER REFERENCES people(id),
    recorded_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX engagement_meetings_engagement ON engagement_meetings(engagement_id);

CREATE TABLE engagement_reviews (
    id             INTEGER PRIMARY KEY,
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id),
    reviewed_on    TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('continue', 'close')),
    until          TEXT,
    recorded_by    INTEGER REFERENCES people(id),
    recorded_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX engagement_reviews_engagement ON engagement_reviews(engagement_id);

CREATE TABLE engagement_feedback (
    engagement_id  INTEGER PRIMARY KEY REFERENCES engagements(id),
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT,
    shared         INTEGER NOT NULL CHECK (shared IN (0, 1)),
    given_by       INTEGER NOT NULL REFERENCES people(id),
    given_at       INTEGER NOT NULL
) STRICT;

-- That a concern went to the authority's single point of contact. Deliberately no column for its content.
CREATE TABLE safeguarding_escalations (
    id             INTEGER PRIMARY KEY,
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id),
    contact_name   TEXT NOT NULL,
    raised_by      INTEGER REFERENCES people(id),
    raised_by_role TEXT NOT NULL CHECK (raised_by_role IN ('admin', 'adviser', 'head', 'supporter')),
    raised_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX safeguarding_escalations_engagement ON safeguarding_escalations(engagement_id);
