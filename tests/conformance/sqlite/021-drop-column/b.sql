CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX visit_at_idx ON visit (at);
