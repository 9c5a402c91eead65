CREATE TABLE profile (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
