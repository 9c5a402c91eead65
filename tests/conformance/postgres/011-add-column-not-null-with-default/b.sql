CREATE TABLE account (
    id integer PRIMARY KEY,
    active boolean NOT NULL DEFAULT true,
    credit numeric(10,2) NOT NULL DEFAULT 0.00
);
