CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    price REAL NOT NULL CHECK (price >= 0),
    discount REAL,
    CONSTRAINT discount_le_price CHECK (discount IS NULL OR discount <= price)
);
