CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    width REAL NOT NULL,
    height REAL NOT NULL
);
