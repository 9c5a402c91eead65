CREATE TABLE place (
    id integer PRIMARY KEY,
    name text NOT NULL
);
