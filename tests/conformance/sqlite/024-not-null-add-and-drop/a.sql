CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    email TEXT,
    nickname TEXT NOT NULL
);
