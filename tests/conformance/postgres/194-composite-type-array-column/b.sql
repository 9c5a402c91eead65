CREATE TYPE invoice_line AS (
    description text,
    quantity integer,
    unit_price numeric(10,2)
);

CREATE TABLE invoice (
    id integer PRIMARY KEY,
    lines invoice_line[]
);
