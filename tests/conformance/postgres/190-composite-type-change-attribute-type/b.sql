CREATE TYPE dimension AS (
    width bigint,
    height integer
);
