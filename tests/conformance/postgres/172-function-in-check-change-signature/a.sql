CREATE FUNCTION is_positive(n integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT n > 0 $$;

CREATE TABLE item (
    id integer PRIMARY KEY,
    quantity integer NOT NULL,
    CONSTRAINT item_quantity_check CHECK (is_positive(quantity))
);
