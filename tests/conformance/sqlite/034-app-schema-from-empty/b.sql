CREATE TABLE customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'cart' CHECK (status IN ('cart', 'placed', 'shipped')),
    placed_at TEXT
);

CREATE INDEX orders_customer_idx ON orders (customer_id, status);

CREATE TABLE order_item (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES product (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;

CREATE VIEW order_total AS
SELECT oi.order_id, SUM(oi.quantity * p.price_cents) AS total_cents
FROM order_item AS oi JOIN product AS p ON p.id = oi.product_id
GROUP BY oi.order_id;

CREATE TRIGGER orders_placed AFTER UPDATE OF status ON orders
WHEN NEW.status = 'placed' AND OLD.status = 'cart'
BEGIN
    UPDATE orders SET placed_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
