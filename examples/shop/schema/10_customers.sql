-- Customers and their addresses.

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    full_name   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE addresses (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1        TEXT    NOT NULL,
    city         TEXT    NOT NULL,
    postal_code  TEXT    NOT NULL,
    country      TEXT    NOT NULL DEFAULT 'DE' CHECK (length(country) = 2)
);

CREATE INDEX addresses_customer_idx ON addresses (customer_id);
