CREATE TYPE address AS (
    street text,
    city text
);

CREATE TABLE shop (
    id integer PRIMARY KEY,
    location address
);
