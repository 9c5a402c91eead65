CREATE DOMAIN email_address AS text
    CONSTRAINT email_address_check CHECK (VALUE ~ '^[^@]+@[^@]+$');

CREATE TABLE contact (
    id integer PRIMARY KEY,
    email email_address
);
