CREATE TABLE counter (
    id integer PRIMARY KEY,
    hits bigint NOT NULL DEFAULT 0
);
