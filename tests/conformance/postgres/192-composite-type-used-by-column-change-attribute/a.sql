CREATE TYPE measurement AS (
    value integer,
    unit text
);

CREATE TABLE reading (
    id integer PRIMARY KEY,
    m measurement
);
