CREATE TABLE category (
    id integer PRIMARY KEY,
    name text NOT NULL
);
