CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    code INTEGER NOT NULL,
    value TEXT,
    unit VARCHAR(20)
);
