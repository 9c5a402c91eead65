CREATE TABLE line (
    id integer PRIMARY KEY,
    quantity bigint NOT NULL,
    doubled integer GENERATED ALWAYS AS (quantity * 2) STORED
);
