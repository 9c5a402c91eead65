CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    priority INTEGER NOT NULL DEFAULT 5,
    queue TEXT DEFAULT 'default',
    created_at TEXT DEFAULT '1970-01-01',
    token TEXT
);
