CREATE DOMAIN label AS varchar(40);

CREATE TABLE tag (
    id integer PRIMARY KEY,
    name label
);
