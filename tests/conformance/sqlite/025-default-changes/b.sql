CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 10,
    queue TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    token TEXT DEFAULT (lower(hex(randomblob(16))))
);
