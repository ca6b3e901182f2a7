-- 0007: the audit log. Every committed write and every read of a confidential (peer-support) record adds a
-- row: when, who (role and person), which operation, and what it touched as kind:id keys. Never content.
-- No foreign key to people: the log must outlive an erased person.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'adviser', 'head', 'supporter')),
    person_id  INTEGER,
    operation  TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_person ON audit(person_id, id);
