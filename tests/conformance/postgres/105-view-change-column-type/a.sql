CREATE TABLE product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL
);

CREATE VIEW product_price AS
    SELECT id, price AS amount FROM product;
