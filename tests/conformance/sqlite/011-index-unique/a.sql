CREATE TABLE subscriber (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL,
    joined_at TEXT NOT NULL
);
