CREATE TABLE report (
    id integer PRIMARY KEY,
    created_on date NOT NULL
);
