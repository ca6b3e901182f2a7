-- The two tables every write touches, rebuilt with the same constraints written as comparisons.
--
-- SQLite (3.40, Debian 12) evaluates `CHECK (x IN ('a', 'b', 'c'))` by building a temporary index of the list
-- for every row written: for a nomination update with its audit entry, about 40% of the commit thread's
-- instructions (callgrind). `x = 'a' OR x = 'b' OR x = 'c'` accepts exactly the same values without it.
--
-- SQLite's documented table rebuild (lang_altertable.html, "other kinds of table schema changes"): the runner
-- turns foreign keys off around migrations and runs `PRAGMA foreign_key_check` before each commit, so the
-- rows of nomination_areas and links that refer to nominations are kept as they are.

CREATE TABLE nominations_rebuilt (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people(id),
    urn           INTEGER NOT NULL REFERENCES schools(urn),
    nominated_by  INTEGER REFERENCES people(id),
    consent       INTEGER NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    modes         TEXT NOT NULL,             -- comma-separated: in-person, online
    status        TEXT NOT NULL CHECK (status = 'active' OR status = 'paused' OR status = 'withdrawn'),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
INSERT INTO nominations_rebuilt (id, person_id, urn, nominated_by, consent, capacity, modes, status, created_at, updated_at)
    SELECT id, person_id, urn, nominated_by, consent, capacity, modes, status, created_at, updated_at FROM nominations;
DROP TABLE nominations;
ALTER TABLE nominations_rebuilt RENAME TO nominations;
CREATE INDEX nominations_urn ON nominations(urn);

CREATE TABLE audit_rebuilt (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role = 'admin' OR role = 'adviser' OR role = 'head' OR role = 'supporter'),
    person_id  INTEGER,
    operation  TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO audit_rebuilt (id, at, role, person_id, operation, target)
    SELECT id, at, role, person_id, operation, target FROM audit;
DROP TABLE audit;
ALTER TABLE audit_rebuilt RENAME TO audit;
CREATE INDEX audit_person ON audit(person_id, id);
