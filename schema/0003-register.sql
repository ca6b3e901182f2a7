-- 0003: the register's history: predecessor → successor URNs from the GIAS links file (academy
-- conversions, mergers, amalgamations, splits). A lookup by an old URN follows these to the current school,
-- and people and nominations at a replaced school move to its successor.
-- No foreign keys to schools: the links file is national and names schools of every authority, most of
-- which a county's directory never imports; a school imported later picks its history up at once.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE successions (
    predecessor  INTEGER NOT NULL CHECK (predecessor > 0),
    successor    INTEGER NOT NULL CHECK (successor > 0 AND successor <> predecessor),
    link_type    TEXT NOT NULL DEFAULT 'Successor',   -- the register's words, from the predecessor's side
    link_date    TEXT,                                -- YYYY-MM-DD, LinkEstablishedDate when given
    PRIMARY KEY (predecessor, successor)
) STRICT;
CREATE INDEX successions_successor ON successions(successor);
