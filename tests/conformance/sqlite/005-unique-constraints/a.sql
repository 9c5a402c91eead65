CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    tenant TEXT NOT NULL,
    handle TEXT NOT NULL
);
