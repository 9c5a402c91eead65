CREATE TABLE line (
    id integer PRIMARY KEY,
    quantity integer NOT NULL,
    doubled integer GENERATED ALWAYS AS (quantity * 2) STORED
);
