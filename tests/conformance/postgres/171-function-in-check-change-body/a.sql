CREATE FUNCTION is_valid_sku(sku text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT sku ~ '^[A-Z]{3}-[0-9]+$' $$;

CREATE TABLE item (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    CONSTRAINT item_sku_check CHECK (is_valid_sku(sku))
);
