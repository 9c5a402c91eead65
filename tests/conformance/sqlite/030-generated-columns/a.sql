CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    sort_key TEXT GENERATED ALWAYS AS (lower(last_name)) STORED
);
