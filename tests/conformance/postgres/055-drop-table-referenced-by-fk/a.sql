CREATE TABLE survivor (
    id integer PRIMARY KEY
);

CREATE TABLE parent_row (
    id integer PRIMARY KEY
);

CREATE TABLE child_row (
    id integer PRIMARY KEY,
    parent_id integer NOT NULL REFERENCES parent_row (id)
);
