CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    active boolean NOT NULL DEFAULT true
);

CREATE VIEW active_customer AS
    SELECT id, name FROM customer WHERE active;
