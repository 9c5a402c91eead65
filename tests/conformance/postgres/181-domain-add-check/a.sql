CREATE DOMAIN percentage AS numeric(5,2)
    CONSTRAINT percentage_min CHECK (VALUE >= 0);

CREATE TABLE discount (
    id integer PRIMARY KEY,
    rate percentage NOT NULL
);
