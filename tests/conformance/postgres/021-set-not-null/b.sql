CREATE TABLE member (
    id integer PRIMARY KEY,
    email text NOT NULL
);
