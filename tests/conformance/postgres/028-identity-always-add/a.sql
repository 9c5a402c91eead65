CREATE TABLE widget (
    id integer NOT NULL PRIMARY KEY,
    name text
);
