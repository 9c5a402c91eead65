CREATE TABLE country (
    id INTEGER NOT NULL,
    iso TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
