CREATE TABLE message (
    id integer PRIMARY KEY,
    body text
);
