CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered');

CREATE TABLE purchase (
    id integer PRIMARY KEY,
    status order_status NOT NULL DEFAULT 'pending'
);
