-- 0014: the web front end. Invitations to sign in (single use, expiring, only the code's hash kept), the
-- outbox of emails the web process sends (one row per message, retried with backoff; a sent message's body
-- is cleared), and the `web` role of the peerlink-web service's own token (tokens and audit rebuilt to allow
-- it, as 0008 rebuilt them: the runner turns foreign keys off around migrations).
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status = 'pending' OR status = 'sent' OR status = 'failed'),
    last_error       TEXT NOT NULL DEFAULT '',
    sent_at          INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox(status) WHERE status = 'pending';

CREATE TABLE tokens_rebuilt (
    id           INTEGER PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role = 'admin' OR role = 'adviser' OR role = 'head' OR role = 'supporter' OR role = 'web'),
    person_id    INTEGER REFERENCES people(id),
    secret_hash  TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER
) STRICT;
INSERT INTO tokens_rebuilt (id, role, person_id, secret_hash, label, created_at, expires_at, revoked_at)
    SELECT id, role, person_id, secret_hash, label, created_at, expires_at, revoked_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_rebuilt RENAME TO tokens;

CREATE TABLE audit_rebuilt (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role = 'admin' OR role = 'adviser' OR role = 'head' OR role = 'supporter' OR role = 'web'),
    person_id  INTEGER,
    operation  TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO audit_rebuilt (id, at, role, person_id, operation, target)
    SELECT id, at, role, person_id, operation, target FROM audit;
DROP TABLE audit;
ALTER TABLE audit_rebuilt RENAME TO audit;
CREATE INDEX audit_person ON audit(person_id, id);

-- After the rebuild, so its reference names the new tokens table.
CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    role         TEXT NOT NULL CHECK (role = 'admin' OR role = 'adviser' OR role = 'head' OR role = 'supporter'),
    code_hash    TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    redeemed_at  INTEGER,
    token_id     INTEGER REFERENCES tokens(id),
    revoked_at   INTEGER
) STRICT;
CREATE INDEX invitations_person ON invitations(person_id);
