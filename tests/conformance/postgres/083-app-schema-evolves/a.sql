CREATE EXTENSION IF NOT EXISTS citext;

CREATE SCHEMA app;

CREATE TYPE app.order_state AS ENUM ('cart', 'placed', 'paid', 'shipped', 'cancelled');

CREATE TABLE app.customer (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    full_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.address (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES app.customer (id) ON DELETE CASCADE,
    line1 text NOT NULL,
    city text NOT NULL,
    postal_code varchar(16) NOT NULL,
    country char(2) NOT NULL DEFAULT 'DE'
);

CREATE INDEX address_customer_idx ON app.address (customer_id);

CREATE TABLE app.product (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text NOT NULL,
    title text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    tags text[] NOT NULL DEFAULT '{}',
    attributes jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT product_sku_key UNIQUE (sku)
);

CREATE INDEX product_tags_idx ON app.product USING gin (tags);

CREATE TABLE app.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES app.customer (id),
    shipping_address_id bigint REFERENCES app.address (id) ON DELETE SET NULL,
    state app.order_state NOT NULL DEFAULT 'cart',
    placed_at timestamptz,
    CONSTRAINT orders_placed_when_not_cart CHECK (state = 'cart' OR placed_at IS NOT NULL)
);

CREATE INDEX orders_customer_state_idx ON app.orders (customer_id, state);

CREATE INDEX orders_open_idx ON app.orders (placed_at DESC) WHERE state IN ('placed', 'paid');

CREATE TABLE app.order_item (
    order_id bigint NOT NULL REFERENCES app.orders (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES app.product (id),
    quantity integer NOT NULL CHECK (quantity > 0),
    unit_price numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE INDEX order_item_product_idx ON app.order_item (product_id);

COMMENT ON TABLE app.orders IS 'One row per checkout';
COMMENT ON COLUMN app.order_item.unit_price IS 'Price at the time of ordering';
