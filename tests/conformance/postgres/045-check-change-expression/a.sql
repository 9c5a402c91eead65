CREATE TABLE rating (
    id integer PRIMARY KEY,
    stars integer NOT NULL,
    CONSTRAINT rating_stars_range CHECK (stars BETWEEN 1 AND 5)
);
