CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    price REAL NOT NULL,
    discount REAL
);
