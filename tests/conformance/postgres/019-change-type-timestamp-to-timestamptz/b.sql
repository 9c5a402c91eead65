CREATE TABLE login (
    id integer PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now()
);
