CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL,
    legacy_code text
);

CREATE VIEW order_export AS
    SELECT id, quantity, legacy_code FROM orders;
