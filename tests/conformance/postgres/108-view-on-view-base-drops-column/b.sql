CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    total numeric(12,2) NOT NULL,
    note text
);

CREATE VIEW order_summary AS
    SELECT id, customer_id, total FROM orders;

CREATE VIEW big_order AS
    SELECT id, total FROM order_summary WHERE total > 100;
