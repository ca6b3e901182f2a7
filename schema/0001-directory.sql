-- 0001: the directory: schools, areas, people, nominations, access tokens.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE schools (
    urn                 INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    phase               TEXT NOT NULL,
    type                TEXT NOT NULL DEFAULT '',
    type_group          TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    la_code             INTEGER NOT NULL,
    la_name             TEXT NOT NULL,
    region              TEXT NOT NULL DEFAULT '',
    urban_rural         TEXT NOT NULL DEFAULT '',
    pupils              INTEGER,
    capacity            INTEGER,
    easting             INTEGER,
    northing            INTEGER,
    postcode            TEXT NOT NULL DEFAULT '',
    town                TEXT NOT NULL DEFAULT '',
    trust               TEXT,
    federation          TEXT,
    religious_character TEXT,
    inspection          TEXT,
    inspection_date     TEXT
) STRICT;

CREATE TABLE areas (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('subject', 'theme', 'standard')),
    parent   TEXT REFERENCES areas(id),
    phases   TEXT NOT NULL DEFAULT '',   -- comma-separated phase names; empty = every phase
    aliases  TEXT NOT NULL DEFAULT ''    -- '|'-separated other names used by forms and people
) STRICT;

CREATE TABLE people (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    email               TEXT NOT NULL,
    urn                 INTEGER NOT NULL REFERENCES schools(urn),
    role                TEXT NOT NULL DEFAULT '',
    headship_start      TEXT,
    npqh                TEXT,
    withdrawn_earlier   INTEGER NOT NULL DEFAULT 0,
    erased              INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX people_email ON people(email) WHERE email <> '';

CREATE TABLE nominations (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people(id),
    urn           INTEGER NOT NULL REFERENCES schools(urn),
    nominated_by  INTEGER REFERENCES people(id),
    consent       INTEGER NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    modes         TEXT NOT NULL,             -- comma-separated: in-person, online
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'withdrawn')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX nominations_urn ON nominations(urn);

CREATE TABLE nomination_areas (
    nomination_id INTEGER NOT NULL REFERENCES nominations(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    area_id       TEXT NOT NULL REFERENCES areas(id),
    strength      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (nomination_id, position)
) STRICT;

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'adviser', 'head', 'supporter')),
    person_id    INTEGER REFERENCES people(id),
    secret_hash  TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER
) STRICT;
