CREATE TABLE quota (
    id integer PRIMARY KEY,
    max_items integer NOT NULL,
    note text
);
