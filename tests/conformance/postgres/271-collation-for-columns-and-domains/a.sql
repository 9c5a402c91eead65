CREATE TABLE product (
    sku text PRIMARY KEY,
    title text NOT NULL
);
