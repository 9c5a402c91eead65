CREATE SCHEMA inventory;

CREATE SEQUENCE inventory.sku_seq START WITH 1000;

CREATE TABLE inventory.item (
    id bigint PRIMARY KEY,
    sku text NOT NULL DEFAULT 'SKU-' || nextval('inventory.sku_seq')::text,
    quantity integer NOT NULL DEFAULT 0
);

CREATE INDEX item_quantity_idx ON inventory.item (quantity);
