CREATE TABLE sku (
    id integer PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    price numeric(10,2)
);

CREATE UNIQUE INDEX sku_code_key ON sku (code) INCLUDE (name, price);
