CREATE TABLE login_name (
    id integer PRIMARY KEY,
    username text NOT NULL UNIQUE
);
