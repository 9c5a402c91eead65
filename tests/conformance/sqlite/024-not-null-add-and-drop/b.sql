CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    nickname TEXT
);
