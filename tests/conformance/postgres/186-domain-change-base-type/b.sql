CREATE DOMAIN phone AS varchar(50)
    CONSTRAINT phone_digits CHECK (VALUE ~ '^[0-9+ ]+$');

CREATE TABLE customer (
    id integer PRIMARY KEY,
    phone phone
);
