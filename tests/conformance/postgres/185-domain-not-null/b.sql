CREATE DOMAIN label AS varchar(40) NOT NULL;

CREATE TABLE tag (
    id integer PRIMARY KEY,
    name label
);
