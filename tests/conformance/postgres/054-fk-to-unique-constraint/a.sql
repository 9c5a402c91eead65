CREATE TABLE currency (
    id integer PRIMARY KEY,
    iso_code char(3) NOT NULL
);

CREATE TABLE rate (
    id integer PRIMARY KEY,
    currency_code char(3) NOT NULL
);
