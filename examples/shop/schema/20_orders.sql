-- Orders. Order lines, the view and the last trigger depend on products, which
-- live in 30_products.sql: this file sorts before the one it depends on.

CREATE TABLE orders (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    shipping_address_id  INTEGER REFERENCES addresses (id) ON DELETE SET NULL,
    status               TEXT    NOT NULL DEFAULT 'cart'
                         CHECK (status IN ('cart', 'placed', 'paid', 'shipped', 'cancelled')),
    placed_at            TEXT
);

CREATE INDEX orders_customer_status_idx ON orders (customer_id, status);

CREATE INDEX orders_open_idx ON orders (placed_at DESC) WHERE status IN ('placed', 'paid');

CREATE TABLE order_lines (
    order_id          INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES products (id),
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;

CREATE INDEX order_lines_product_idx ON order_lines (product_id);

-- Reads products.
CREATE VIEW order_totals AS
SELECT o.id AS order_id,
       o.customer_id,
       o.status,
       COALESCE(SUM(l.quantity * l.unit_price_cents), 0) AS total_cents,
       COUNT(p.id) AS distinct_products
FROM orders AS o
LEFT JOIN order_lines AS l ON l.order_id = o.id
LEFT JOIN products AS p ON p.id = l.product_id
GROUP BY o.id, o.customer_id, o.status;

-- Stamp placed_at when a cart is placed, and take the ordered quantity out of stock.
CREATE TRIGGER orders_on_place AFTER UPDATE OF status ON orders
FOR EACH ROW WHEN OLD.status = 'cart' AND NEW.status = 'placed'
BEGIN
    UPDATE orders SET placed_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
    UPDATE products
       SET stock = stock - (SELECT l.quantity FROM order_lines AS l
                             WHERE l.order_id = NEW.id AND l.product_id = products.id)
     WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = NEW.id);
END;

-- A product that sits on an open order cannot be deleted. This trigger is created ON products,
-- so it fails until 30_products.sql has run.
CREATE TRIGGER products_keep_if_ordered BEFORE DELETE ON products
FOR EACH ROW WHEN EXISTS (
    SELECT 1 FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id
     WHERE l.product_id = OLD.id AND o.status IN ('cart', 'placed', 'paid')
)
BEGIN
    SELECT RAISE(ABORT, 'product is on an open order');
END;
