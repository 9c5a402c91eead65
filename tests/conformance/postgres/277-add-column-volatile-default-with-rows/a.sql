CREATE TABLE event (
    id integer PRIMARY KEY,
    kind text NOT NULL
);
