CREATE TABLE product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    discount numeric(10,2),
    CONSTRAINT product_discount_le_price CHECK (discount IS NULL OR discount <= price)
);
