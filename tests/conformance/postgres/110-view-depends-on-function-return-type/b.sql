CREATE TABLE order_line (
    id integer PRIMARY KEY,
    quantity integer NOT NULL,
    unit_price integer NOT NULL
);

CREATE FUNCTION line_total(quantity integer, unit_price integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT quantity::bigint * unit_price $$;

CREATE VIEW order_line_total AS
    SELECT id, line_total(quantity, unit_price) AS total FROM order_line;
