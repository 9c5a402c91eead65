CREATE TABLE country (
    id INTEGER PRIMARY KEY,
    iso TEXT NOT NULL,
    name TEXT NOT NULL
);
