CREATE TABLE rating (
    id INTEGER PRIMARY KEY,
    stars INTEGER NOT NULL,
    CONSTRAINT stars_range CHECK (stars BETWEEN 1 AND 5)
);
