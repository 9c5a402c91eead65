CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE MATERIALIZED VIEW customer_quantity AS
    SELECT customer_id, sum(quantity) AS total_quantity
    FROM orders
    GROUP BY customer_id;

CREATE UNIQUE INDEX customer_quantity_customer_idx ON customer_quantity (customer_id);
