CREATE EXTENSION IF NOT EXISTS hstore;

CREATE TABLE asset (
    id integer PRIMARY KEY,
    attributes hstore
);
