CREATE TABLE event_log (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    actor text,
    at timestamptz NOT NULL
);

CREATE INDEX event_log_lookup_idx ON event_log (kind);
