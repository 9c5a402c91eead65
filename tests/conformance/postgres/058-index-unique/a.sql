CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    handle text NOT NULL
);
