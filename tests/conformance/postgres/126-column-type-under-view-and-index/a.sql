CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE INDEX orders_quantity_idx ON orders (quantity);

CREATE VIEW order_quantity AS
    SELECT id, quantity FROM orders;

GRANT SELECT (quantity) ON orders TO strata_conf_reader;
GRANT SELECT ON order_quantity TO strata_conf_reader;
