CREATE DOMAIN country_code AS text
    CONSTRAINT country_code_format CHECK (VALUE ~ '^[A-Z]{2,3}$');

CREATE TABLE address (
    id integer PRIMARY KEY,
    country country_code NOT NULL
);
