-- 0010: the imported school calendar: bank holidays (GOV.UK's bank-holidays.json, England and Wales) and each
-- authority's terms and inset days (term dates CSV). They add to the holidays in the configuration: a day is
-- without contact when it is a bank holiday, an inset day, between two terms of the authority, or a configured
-- holiday. Keyed by kind, authority (0 for bank holidays) and first day, so an import run twice writes nothing.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE calendar_entries (
    kind     TEXT NOT NULL CHECK (kind IN ('bank-holiday', 'term', 'inset-day')),
    la_code  INTEGER NOT NULL CHECK (la_code >= 0),
    first    TEXT NOT NULL,   -- YYYY-MM-DD
    last     TEXT NOT NULL,   -- YYYY-MM-DD, inclusive
    name     TEXT NOT NULL,
    PRIMARY KEY (kind, la_code, first)
) STRICT;
