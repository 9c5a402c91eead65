CREATE TYPE order_state AS ENUM ('new', 'paid');

CREATE TABLE orders (
    id integer PRIMARY KEY,
    state order_state NOT NULL
);

CREATE VIEW open_order AS
    SELECT id FROM orders WHERE state = 'new';
