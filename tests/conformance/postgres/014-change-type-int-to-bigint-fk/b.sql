CREATE TABLE author (
    id bigint PRIMARY KEY
);

CREATE TABLE book (
    id integer PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES author (id)
);
