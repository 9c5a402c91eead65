CREATE DOMAIN percentage AS numeric(5,2)
    CONSTRAINT percentage_min CHECK (VALUE >= 0)
    CONSTRAINT percentage_max CHECK (VALUE <= 100);

CREATE TABLE discount (
    id integer PRIMARY KEY,
    rate percentage NOT NULL
);
