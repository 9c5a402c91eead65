CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    value REAL,
    unit VARCHAR(50)
);
