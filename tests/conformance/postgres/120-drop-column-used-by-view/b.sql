CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE VIEW order_export AS
    SELECT id, quantity FROM orders;
