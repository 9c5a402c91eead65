CREATE TABLE profile (
    id integer PRIMARY KEY,
    email text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}'
);
