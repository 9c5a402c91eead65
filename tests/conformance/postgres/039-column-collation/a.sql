CREATE TABLE tag (
    id integer PRIMARY KEY,
    name text NOT NULL,
    label varchar(30)
);
