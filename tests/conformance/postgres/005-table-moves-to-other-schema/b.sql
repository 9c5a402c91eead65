CREATE SCHEMA archive;

CREATE TABLE archive.report (
    id integer PRIMARY KEY,
    created_on date NOT NULL
);
