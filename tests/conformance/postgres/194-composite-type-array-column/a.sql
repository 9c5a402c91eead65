CREATE TABLE invoice (
    id integer PRIMARY KEY
);
