CREATE TABLE rectangle (
    id integer PRIMARY KEY,
    width numeric NOT NULL,
    height numeric NOT NULL
);
