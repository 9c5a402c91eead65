CREATE TABLE account (
    id integer PRIMARY KEY
);
