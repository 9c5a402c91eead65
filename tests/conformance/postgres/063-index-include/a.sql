CREATE TABLE sku (
    id integer PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    price numeric(10,2)
);
