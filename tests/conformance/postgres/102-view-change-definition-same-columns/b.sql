CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    active boolean NOT NULL DEFAULT true
);

CREATE VIEW reachable_customer AS
    SELECT id, name, email FROM customer WHERE active AND email IS NOT NULL;
