CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE login_name (
    id integer PRIMARY KEY,
    username citext NOT NULL UNIQUE
);
