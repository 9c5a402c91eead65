CREATE TABLE login (
    id integer PRIMARY KEY,
    at timestamp NOT NULL DEFAULT now()
);
