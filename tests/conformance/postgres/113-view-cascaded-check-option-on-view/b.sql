CREATE TABLE customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text,
    active boolean NOT NULL DEFAULT true
);

CREATE VIEW active_customer AS
    SELECT id, name, email, active FROM customer WHERE active AND name <> '';

CREATE VIEW active_customer_with_email AS
    SELECT id, name, email, active FROM active_customer WHERE email IS NOT NULL
    WITH CASCADED CHECK OPTION;
