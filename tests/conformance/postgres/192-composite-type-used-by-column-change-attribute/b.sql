CREATE TYPE measurement AS (
    value numeric,
    unit text
);

CREATE TABLE reading (
    id integer PRIMARY KEY,
    m measurement
);
