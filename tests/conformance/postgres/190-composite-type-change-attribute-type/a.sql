CREATE TYPE dimension AS (
    width integer,
    height integer
);
