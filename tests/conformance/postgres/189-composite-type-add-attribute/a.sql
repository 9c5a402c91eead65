CREATE TYPE address AS (
    street text,
    city text
);
