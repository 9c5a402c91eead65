CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    active boolean NOT NULL DEFAULT true
);

CREATE VIEW active_customer AS
    SELECT id, name FROM customer WHERE active;

CREATE VIEW customer_email AS
    SELECT id, email FROM customer WHERE email IS NOT NULL;
