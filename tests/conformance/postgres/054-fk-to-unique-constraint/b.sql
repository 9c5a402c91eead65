CREATE TABLE currency (
    id integer PRIMARY KEY,
    iso_code char(3) NOT NULL,
    CONSTRAINT currency_iso_code_key UNIQUE (iso_code)
);

CREATE TABLE rate (
    id integer PRIMARY KEY,
    currency_code char(3) NOT NULL REFERENCES currency (iso_code)
);
