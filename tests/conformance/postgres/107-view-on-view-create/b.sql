CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    total numeric(12,2) NOT NULL
);

CREATE VIEW customer_total AS
    SELECT customer_id, sum(total) AS spent, count(*) AS orders
    FROM orders
    GROUP BY customer_id;

CREATE VIEW big_spender AS
    SELECT customer_id, spent
    FROM customer_total
    WHERE spent > 1000;
