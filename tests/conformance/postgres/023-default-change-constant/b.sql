CREATE TABLE job (
    id integer PRIMARY KEY,
    priority integer NOT NULL DEFAULT 10,
    queue text NOT NULL DEFAULT 'low'
);
