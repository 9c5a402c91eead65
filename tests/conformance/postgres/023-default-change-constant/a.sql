CREATE TABLE job (
    id integer PRIMARY KEY,
    priority integer NOT NULL DEFAULT 5,
    queue text NOT NULL DEFAULT 'default'
);
