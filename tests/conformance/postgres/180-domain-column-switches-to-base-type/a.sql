CREATE DOMAIN positive_int AS integer
    CONSTRAINT positive_int_check CHECK (VALUE > 0);

CREATE TABLE stock (
    id integer PRIMARY KEY,
    quantity positive_int NOT NULL
);
