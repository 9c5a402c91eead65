CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE VIEW order_quantity AS
    SELECT id, customer_id, quantity FROM orders;

CREATE VIEW customer_quantity AS
    SELECT customer_id, sum(quantity) AS total_quantity
    FROM order_quantity
    GROUP BY customer_id;
