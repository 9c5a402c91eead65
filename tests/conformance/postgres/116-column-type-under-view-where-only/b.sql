CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity bigint NOT NULL
);

CREATE VIEW bulk_order AS
    SELECT id, customer_id FROM orders WHERE quantity >= 100;
