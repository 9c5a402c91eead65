CREATE TABLE counter (
    id integer PRIMARY KEY,
    hits integer NOT NULL DEFAULT 0
);
