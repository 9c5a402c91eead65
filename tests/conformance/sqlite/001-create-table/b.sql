CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT,
    rating REAL,
    pinned INTEGER NOT NULL DEFAULT 0,
    attachment BLOB,
    amount NUMERIC
);
