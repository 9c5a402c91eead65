CREATE DOMAIN amount AS numeric(12,2);

CREATE TYPE priced AS (
    label text,
    price amount
);

CREATE TABLE offer (
    id integer PRIMARY KEY,
    price amount NOT NULL
);

CREATE VIEW cheap_offer AS
    SELECT id, price FROM offer WHERE price < 10;
