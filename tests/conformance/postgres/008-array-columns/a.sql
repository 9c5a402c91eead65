CREATE TABLE post (
    id integer PRIMARY KEY
);
