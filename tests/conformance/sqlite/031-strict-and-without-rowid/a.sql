CREATE TABLE reading (
    id INTEGER PRIMARY KEY,
    sensor TEXT NOT NULL,
    value REAL
);

CREATE TABLE kv (
    k TEXT PRIMARY KEY,
    v BLOB
);
