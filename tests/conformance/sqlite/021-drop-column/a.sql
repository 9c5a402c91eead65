CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    referrer TEXT,
    user_agent TEXT,
    at TEXT NOT NULL
);

CREATE INDEX visit_at_idx ON visit (at);
