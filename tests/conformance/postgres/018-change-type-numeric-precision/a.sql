CREATE TABLE price (
    id integer PRIMARY KEY,
    amount numeric(10,2) NOT NULL,
    ratio real
);
