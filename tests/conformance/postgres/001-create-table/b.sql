CREATE TABLE note (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text
);
