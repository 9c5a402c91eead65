CREATE TABLE quota (
    id integer PRIMARY KEY,
    max_items integer NOT NULL DEFAULT 100,
    note text DEFAULT 'none'
);
