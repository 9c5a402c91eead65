CREATE TABLE keep_me (
    id integer PRIMARY KEY
);

CREATE TABLE drop_me (
    id integer PRIMARY KEY,
    label varchar(40)
);
