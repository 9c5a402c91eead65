CREATE TABLE event_log (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    actor TEXT,
    at TEXT NOT NULL
);

CREATE INDEX event_log_lookup_idx ON event_log (kind, at DESC) WHERE actor IS NOT NULL;
