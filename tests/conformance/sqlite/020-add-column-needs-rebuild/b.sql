CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    width REAL NOT NULL,
    height REAL NOT NULL,
    serial TEXT UNIQUE,
    registered_at TEXT DEFAULT CURRENT_TIMESTAMP,
    area REAL GENERATED ALWAYS AS (width * height) STORED
);
