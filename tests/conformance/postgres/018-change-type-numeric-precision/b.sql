CREATE TABLE price (
    id integer PRIMARY KEY,
    amount numeric(14,4) NOT NULL,
    ratio double precision
);
