CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity bigint NOT NULL
);

CREATE VIEW order_quantity AS
    SELECT id, quantity FROM orders;
