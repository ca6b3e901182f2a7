-- 0004: school-to-school links: requests for help, the links advisers make, and the local networks
-- (support groups) an authority records. Links are history and are never deleted: closed links still
-- lower novelty between two schools. Append-only: never edit a migration that has shipped.

CREATE TABLE link_requests (
    id               INTEGER PRIMARY KEY,
    urn              INTEGER NOT NULL REFERENCES schools(urn),
    area_id          TEXT NOT NULL REFERENCES areas(id),
    notes            TEXT NOT NULL DEFAULT '',
    mode             TEXT NOT NULL CHECK (mode IN ('in-person', 'online', 'any')),
    status           TEXT NOT NULL CHECK (status IN ('open', 'linked', 'cancelled')),
    created_by       INTEGER REFERENCES people(id),
    created_by_role  TEXT NOT NULL CHECK (created_by_role IN ('admin', 'adviser', 'head', 'supporter')),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX link_requests_urn ON link_requests(urn);
-- At most one open request per school and area (the core refuses a second one too).
CREATE UNIQUE INDEX link_requests_open ON link_requests(urn, area_id) WHERE status = 'open';

CREATE TABLE links (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES link_requests(id),
    nomination_id  INTEGER NOT NULL REFERENCES nominations(id),
    requester_urn  INTEGER NOT NULL REFERENCES schools(urn),
    nominee_urn    INTEGER NOT NULL REFERENCES schools(urn),
    area_id        TEXT NOT NULL REFERENCES areas(id),
    mode           TEXT NOT NULL CHECK (mode IN ('in-person', 'online', 'any')),
    made_by        INTEGER REFERENCES people(id),
    made_by_role   TEXT NOT NULL CHECK (made_by_role IN ('admin', 'adviser', 'head', 'supporter')),
    created_at     INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_at      INTEGER,
    outcome        TEXT NOT NULL DEFAULT '',
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (requester_urn <> nominee_urn)
) STRICT;
CREATE INDEX links_nomination_open ON links(nomination_id) WHERE status = 'open';
CREATE INDEX links_requester ON links(requester_urn);
CREATE INDEX links_nominee ON links(nominee_urn);

CREATE TABLE networks (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE network_members (
    network_id  INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    urn         INTEGER NOT NULL REFERENCES schools(urn),
    PRIMARY KEY (network_id, urn)
) STRICT, WITHOUT ROWID;
CREATE INDEX network_members_urn ON network_members(urn);
