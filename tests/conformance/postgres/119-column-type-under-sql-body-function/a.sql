CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    quantity integer NOT NULL
);

CREATE FUNCTION total_quantity() RETURNS bigint
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT coalesce(sum(quantity), 0) FROM orders;
END;
